package io.arbor.client;

import io.arbor.protocol.EventType;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One-shot watches by server path, kept until they fire (ZooKeeper's rules: created and data-changed events fire
 * data and exist watches; deleted fires all three kinds; children-changed fires child watches). A watcher set
 * twice on a node fires once. Paths are the server's, as a later setWatches must send them.
 */
final class WatchRegistry {
    enum Kind { DATA, EXIST, CHILD }

    private final Map<String, Set<Watcher>> data = new HashMap<>();
    private final Map<String, Set<Watcher>> exist = new HashMap<>();
    private final Map<String, Set<Watcher>> child = new HashMap<>();

    synchronized void add(Kind kind, String serverPath, Watcher watcher) {
        map(kind).computeIfAbsent(serverPath, p -> new LinkedHashSet<>()).add(watcher);
    }

    /** Removes and returns the watchers an event at {@code serverPath} triggers. */
    synchronized Set<Watcher> triggered(int eventType, String serverPath) {
        Set<Watcher> out = new LinkedHashSet<>();
        switch (eventType) {
            case EventType.NODE_CREATED, EventType.NODE_DATA_CHANGED -> {
                take(data, serverPath, out);
                take(exist, serverPath, out);
            }
            case EventType.NODE_DELETED -> {
                take(data, serverPath, out);
                take(exist, serverPath, out);
                take(child, serverPath, out);
            }
            case EventType.NODE_CHILDREN_CHANGED -> take(child, serverPath, out);
            default -> { }
        }
        return out;
    }

    /** Every watcher, removed: the session that held them is gone. */
    synchronized Set<Watcher> clear() {
        Set<Watcher> out = new LinkedHashSet<>();
        for (Map<String, Set<Watcher>> m : java.util.List.of(data, exist, child)) {
            m.values().forEach(out::addAll);
            m.clear();
        }
        return out;
    }

    private Map<String, Set<Watcher>> map(Kind kind) {
        return switch (kind) {
            case DATA -> data;
            case EXIST -> exist;
            case CHILD -> child;
        };
    }

    private static void take(Map<String, Set<Watcher>> m, String path, Set<Watcher> out) {
        Set<Watcher> w = m.remove(path);
        if (w != null) {
            out.addAll(w);
        }
    }
}
