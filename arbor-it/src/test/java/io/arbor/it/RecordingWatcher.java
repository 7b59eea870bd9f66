package io.arbor.it;


import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * A watcher that keeps every event it is given, in order, for tests to wait on and inspect. The client calls
 * all watchers of a connection from one event thread in the order the server sent the events, so once a
 * later event is seen here, every earlier one of that connection has been handed to its watcher.
 */
public final class RecordingWatcher implements Watcher {
    public static final Duration WAIT = Poll.WAIT;

    private final List<WatchedEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void process(WatchedEvent event) {
        events.add(event);
    }

    /** Everything seen so far, connection-state events included. */
    public List<WatchedEvent> events() {
        return List.copyOf(events);
    }

    /** The events about znodes (type other than None), in order. */
    public List<WatchedEvent> nodeEvents() {
        List<WatchedEvent> out = new ArrayList<>();
        for (WatchedEvent e : events) {
            if (e.getType() != Event.EventType.None) {
                out.add(e);
            }
        }
        return out;
    }

    /** The connection-state events (type None), in order. */
    public List<Event.KeeperState> states() {
        List<Event.KeeperState> out = new ArrayList<>();
        for (WatchedEvent e : events) {
            if (e.getType() == Event.EventType.None) {
                out.add(e.getState());
            }
        }
        return out;
    }

    /** Waits (bounded) for an event of this type on this path and returns the first one. */
    public WatchedEvent await(Event.EventType type, String path) {
        return Poll.await().until(() -> find(type, path), e -> e != null);
    }

    /** Waits (bounded) until this connection state has been reported. */
    public void awaitState(Event.KeeperState state) {
        Poll.await().until(() -> states().contains(state));
    }

    /** Waits (bounded) until this connection state has been reported at least {@code times} times. */
    public void awaitState(Event.KeeperState state, int times) {
        Poll.await().until(() -> states().stream().filter(s -> s == state).count() >= times);
    }

    private WatchedEvent find(Event.EventType type, String path) {
        for (WatchedEvent e : events) {
            if (e.getType() == type && path.equals(e.getPath())) {
                return e;
            }
        }
        return null;
    }

    public void clear() {
        events.clear();
    }
}
