package io.arbor.cli.shell;

import io.arbor.client.ArborClient;
import io.arbor.client.WatchEvent;
import io.arbor.client.Watcher;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The shell's Arbor client and what the prompt says about it. One watcher serves as the client's default watcher
 * and as the watcher of every {@code -w} and addWatch, as zkCli's single watcher does: so a watch set twice on a
 * node prints once, and an expiry prints once rather than once per dropped watch.
 */
final class ShellConnection implements AutoCloseable {
    private final String connectString;
    private final Duration timeout;
    private final EventPrinter printer;
    private final Watcher watcher;
    private final ArborClient client;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile String state = "CONNECTING";
    private volatile boolean closed;
    private volatile boolean authFailed;
    private ArborClient rootClient;

    private ShellConnection(String connectString, Duration timeout, EventPrinter printer, boolean readOnly) {
        this.connectString = connectString;
        this.timeout = timeout;
        this.printer = printer;
        this.watcher = event -> {
            if (event.type() == WatchEvent.Type.NONE) {
                track(event.state());
            }
            printer.print(event);
        };
        this.client = ArborClient.builder().connectString(connectString).sessionTimeout(timeout)
                // a command fails after -timeout instead of twice that: the shell is waited on by a person
                .requestTimeout(timeout).watcher(watcher).canBeReadOnly(readOnly).build();
    }

    /**
     * Starts connecting to {@code connectString} ({@code host:port[,host:port][/chroot]}); does not wait.
     * {@code readOnly}: a read-only server will do (zkCli's -r).
     */
    static ShellConnection open(String connectString, Duration timeout, EventPrinter printer, boolean readOnly) {
        return new ShellConnection(connectString, timeout, printer, readOnly);
    }

    private void track(WatchEvent.State s) {
        // The names zkCli shows from ZooKeeper.States. After Expired the Arbor client opens a new session by
        // itself, so the shell is CONNECTING again rather than CLOSED as zkCli would be.
        state = switch (s) {
            case SYNC_CONNECTED, SASL_AUTHENTICATED -> "CONNECTED";
            case CONNECTED_READ_ONLY -> "CONNECTEDREADONLY";
            case DISCONNECTED, EXPIRED -> "CONNECTING";
            case AUTH_FAILED -> "AUTH_FAILED";
            case CLOSED -> "CLOSED";
        };
        if (s == WatchEvent.State.SYNC_CONNECTED || s == WatchEvent.State.CONNECTED_READ_ONLY) {
            connected.countDown();
        }
        if (s == WatchEvent.State.AUTH_FAILED) {
            // the client ends itself at AuthFailed, as ZooKeeper's: the shell shows it until connect
            authFailed = true;
        }
    }

    ArborClient client() {
        return client;
    }

    /** The watcher to pass with every watch the shell sets. */
    Watcher watcher() {
        return watcher;
    }

    String connectString() {
        return connectString;
    }

    String state() {
        return authFailed ? "AUTH_FAILED" : closed ? "CLOSED" : state;
    }

    /** Whether commands can be sent: zkCli refuses them ("Not connected") once the handle is closed. */
    boolean alive() {
        return !closed && !authFailed;
    }

    /** How long the shell waits for the session when asked to (-waitforconnection): the session timeout. */
    Duration timeoutForWait() {
        return timeout;
    }

    boolean awaitConnected(Duration wait) throws InterruptedException {
        return connected.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A client without the chroot, for {@code config}: ZooKeeper reads /zookeeper/config outside any chroot, while
     * the Arbor client puts its chroot in front of every path. Opened on first use.
     */
    synchronized ArborClient rootClient() {
        int slash = connectString.indexOf('/');
        if (slash < 0) {
            return client;
        }
        if (rootClient == null) {
            rootClient = ArborClient.builder().connectString(connectString.substring(0, slash))
                    .sessionTimeout(timeout).requestTimeout(timeout).build();
        }
        return rootClient;
    }

    /** A watcher for watches set through {@link #rootClient()}: it prints, but says nothing of that client's state. */
    Watcher rootWatcher() {
        return connectString.indexOf('/') < 0 ? watcher : printer::print;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        client.close();
        if (rootClient != null) {
            rootClient.close();
        }
        closed = true;
    }
}
