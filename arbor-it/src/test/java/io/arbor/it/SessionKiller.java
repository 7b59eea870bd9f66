package io.arbor.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Expires a live session on the server for real: a second handle joins the session with its id and
 * password (the server moves the session to it and drops the first connection), then closes it, which
 * ends the session. The first handle sees Expired when it reconnects.
 */
final class SessionKiller {
    private static final int ATTEMPTS = 5;

    private SessionKiller() {}

    /**
     * Kills the session, then confirms it by joining once more: the server must now refuse with Expired.
     * The victim may win the session back while it reconnects (a client race, not a server fault), so
     * the kill is repeated until the confirmation sees Expired.
     */
    static void expire(ZooKeeper victim, String connectString) throws Exception {
        long id = victim.getSessionId();
        byte[] password = victim.getSessionPasswd();
        for (int i = 0; i < ATTEMPTS; i++) {
            if (join(connectString, id, password) == KeeperState.Expired) {
                return;
            }
        }
        throw new IllegalStateException("session 0x" + Long.toHexString(id) + " did not expire");
    }

    /** Joins the session; if the server accepts, closes it (which ends it). Returns the server's answer. */
    private static KeeperState join(String connectString, long id, byte[] password) throws Exception {
        CompletableFuture<KeeperState> answer = new CompletableFuture<>();
        ZooKeeper thief = new ZooKeeper(connectString, 10_000, e -> {
            if (e.getState() == KeeperState.SyncConnected || e.getState() == KeeperState.Expired) {
                answer.complete(e.getState());
            }
        }, id, password);
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            thief.close();
        }
    }
}
