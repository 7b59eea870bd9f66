package io.arbor.cli.shell;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.zookeeper.ZooKeeperMain;

/**
 * The stock zkCli of ZooKeeper 3.9.5 (ZooKeeperMain) in this JVM, as the oracle the Arbor shell is compared with.
 * zkCli's commands print to the System.out and System.err they found when its class was loaded, so both are
 * replaced, once and before that, by streams that write into the current oracle's buffers (or on to the original
 * streams when none is open). One oracle at a time.
 */
final class StockZkCli implements AutoCloseable {
    private static final Redirect OUT = new Redirect(System.out);
    private static final Redirect ERR = new Redirect(System.err);

    static {
        System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(ERR, true, StandardCharsets.UTF_8));
        ZooKeeperMain.getCommands(); // loads zkCli's command table now, on the redirected streams
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err;
    private final Main main;

    /** Outputs to separate buffers (one-shot comparisons) or, with {@code merged}, to one (a transcript). */
    private StockZkCli(String connectString, boolean merged) {
        this.err = merged ? out : new ByteArrayOutputStream();
        OUT.target = out;
        ERR.target = err;
        try {
            main = new Main(new String[]{"-server", connectString, "-timeout", "5000", "-waitforconnection"});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // the connection event is printed by zkCli's event thread: let it land before any command runs
        Poll.upTo(Duration.ofSeconds(10)).until(() -> text().contains("state:SyncConnected type:None"));
        reset();
    }

    static StockZkCli separate(String connectString) {
        return new StockZkCli(connectString, false);
    }

    static StockZkCli merged(String connectString) {
        return new StockZkCli(connectString, true);
    }

    /** Runs a line as typed at zkCli's prompt; returns the exit status zkCli would exit with after it. */
    int executeLine(String line) {
        try {
            main.executeLine(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return main.exitCode();
    }

    String text() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String errText() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    void reset() {
        synchronized (out) {
            out.reset();
        }
        synchronized (err) {
            err.reset();
        }
    }

    @Override
    public void close() {
        try {
            executeLine("printwatches off"); // its Closed event would go to the console once the buffers are gone
            // the stock client takes ~100 ms to close: not worth waiting for, test after test
            Thread closer = new Thread(main::closeSession, "zkcli-close");
            closer.setDaemon(true);
            closer.start();
        } finally {
            OUT.target = null;
            ERR.target = null;
        }
    }

    /** ZooKeeperMain with the members a test needs made reachable. */
    private static final class Main extends ZooKeeperMain {
        Main(String[] args) throws IOException, InterruptedException {
            super(args);
        }

        int exitCode() {
            return exitCode;
        }

        void closeSession() {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes into the current target buffer, or to the stream it replaced. */
    private static final class Redirect extends OutputStream {
        private final PrintStream original;
        volatile ByteArrayOutputStream target;

        Redirect(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream t = target;
            if (t == null) {
                original.write(b, off, len);
                return;
            }
            synchronized (t) {
                t.write(b, off, len);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
