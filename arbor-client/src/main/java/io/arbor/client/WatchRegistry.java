package io.arbor.client;

import io.arbor.protocol.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The watches this client holds, by server path (as a later setWatches must send them). One-shot watches follow
 * ZooKeeper's rules and are removed when they fire: created and data-changed fire data and exist watches; deleted
 * fires all three kinds; children-changed fires child watches. Persistent watches stay: a persistent one hears
 * every event on its node; a recursive one hears created, deleted and data-changed on its node and every node
 * below, never children-changed. A watcher set twice on a node fires once per event.
 */
final class WatchRegistry {
    enum Kind { DATA, EXIST, CHILD, PERSISTENT, PERSISTENT_RECURSIVE }

    /** What setWatches re-registers on a new connection, by kind. */
    record Snapshot(List<String> data, List<String> exist, List<String> child, List<String> persistent,
                    List<String> recursive) {
        boolean isEmpty() {
            return data.isEmpty() && exist.isEmpty() && child.isEmpty() && persistent.isEmpty() && recursive.isEmpty();
        }
    }

    private final Map<Kind, Map<String, Set<Watcher>>> byKind = new HashMap<>();

    WatchRegistry() {
        for (Kind k : Kind.values()) {
            byKind.put(k, new HashMap<>());
        }
    }

    synchronized void add(Kind kind, String serverPath, Watcher watcher) {
        byKind.get(kind).computeIfAbsent(serverPath, p -> new LinkedHashSet<>()).add(watcher);
    }

    /** The watchers an event at {@code serverPath} triggers; one-shot ones are removed. */
    synchronized Set<Watcher> triggered(int eventType, String serverPath) {
        Set<Watcher> out = new LinkedHashSet<>();
        switch (eventType) {
            case EventType.NODE_CREATED, EventType.NODE_DATA_CHANGED -> {
                take(Kind.DATA, serverPath, out);
                take(Kind.EXIST, serverPath, out);
                keep(serverPath, out, true);
            }
            case EventType.NODE_DELETED -> {
                take(Kind.DATA, serverPath, out);
                take(Kind.EXIST, serverPath, out);
                take(Kind.CHILD, serverPath, out);
                keep(serverPath, out, true);
            }
            case EventType.NODE_CHILDREN_CHANGED -> {
                take(Kind.CHILD, serverPath, out);
                keep(serverPath, out, false);
            }
            default -> { }
        }
        return out;
    }

    /** Whether {@code watcher} (any watcher, when null) holds a watch of {@code type} on the node. */
    synchronized boolean contains(WatcherType type, String serverPath, Watcher watcher) {
        for (Kind k : kinds(type)) {
            Set<Watcher> set = byKind.get(k).get(serverPath);
            if (set != null && (watcher == null ? !set.isEmpty() : set.contains(watcher))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the watches of {@code type} that {@code watcher} holds on the node (every watcher's, when null),
     * leaving other watchers' watches there. Returns the watchers removed by the event each is owed: data and
     * exist watches DataWatchRemoved, child watches ChildWatchRemoved, persistent and recursive ones
     * PersistentWatchRemoved; a watcher that held two kinds is owed both. Empty when nothing was removed.
     */
    synchronized Map<WatchEvent.Type, Set<Watcher>> remove(WatcherType type, String serverPath, Watcher watcher) {
        Map<WatchEvent.Type, Set<Watcher>> out = new java.util.LinkedHashMap<>();
        for (Kind k : kinds(type)) {
            Map<String, Set<Watcher>> paths = byKind.get(k);
            Set<Watcher> set = paths.get(serverPath);
            if (set == null) {
                continue;
            }
            Set<Watcher> removed = new LinkedHashSet<>();
            if (watcher == null) {
                removed.addAll(set);
                set.clear();
            } else if (set.remove(watcher)) {
                removed.add(watcher);
            }
            if (set.isEmpty()) {
                paths.remove(serverPath);
            }
            if (!removed.isEmpty()) {
                out.computeIfAbsent(removedEvent(k), t -> new LinkedHashSet<>()).addAll(removed);
            }
        }
        return out;
    }

    /** The kinds of watch a {@link WatcherType} names, as ZooKeeper's client maps them. */
    private static List<Kind> kinds(WatcherType type) {
        return switch (type) {
            case CHILDREN -> List.of(Kind.CHILD);
            case DATA -> List.of(Kind.DATA, Kind.EXIST);
            case PERSISTENT -> List.of(Kind.PERSISTENT);
            case PERSISTENT_RECURSIVE -> List.of(Kind.PERSISTENT_RECURSIVE);
            case ANY -> List.of(Kind.DATA, Kind.EXIST, Kind.CHILD, Kind.PERSISTENT, Kind.PERSISTENT_RECURSIVE);
        };
    }

    private static WatchEvent.Type removedEvent(Kind kind) {
        return switch (kind) {
            case DATA, EXIST -> WatchEvent.Type.DATA_WATCH_REMOVED;
            case CHILD -> WatchEvent.Type.CHILD_WATCH_REMOVED;
            case PERSISTENT, PERSISTENT_RECURSIVE -> WatchEvent.Type.PERSISTENT_WATCH_REMOVED;
        };
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(paths(Kind.DATA), paths(Kind.EXIST), paths(Kind.CHILD), paths(Kind.PERSISTENT),
                paths(Kind.PERSISTENT_RECURSIVE));
    }

    /** Every watcher, each once, removed: the session that held them is gone. */
    synchronized Set<Watcher> clear() {
        Set<Watcher> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map<String, Set<Watcher>> m : byKind.values()) {
            m.values().forEach(out::addAll);
            m.clear();
        }
        return out;
    }

    /** Drops the one-shot watches and returns their watchers, each once (they are owed an Expired event). */
    synchronized Set<Watcher> clearOneShot() {
        Set<Watcher> dropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Kind k : List.of(Kind.DATA, Kind.EXIST, Kind.CHILD)) {
            byKind.get(k).values().forEach(dropped::addAll);
            byKind.get(k).clear();
        }
        return dropped;
    }

    private List<String> paths(Kind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    private void take(Kind kind, String path, Set<Watcher> out) {
        Set<Watcher> w = byKind.get(kind).remove(path);
        if (w != null) {
            out.addAll(w);
        }
    }

    /** Adds the persistent watchers of {@code path}, and (when they apply) the recursive ones of it and its ancestors. */
    private void keep(String path, Set<Watcher> out, boolean recursiveApplies) {
        out.addAll(byKind.get(Kind.PERSISTENT).getOrDefault(path, Set.of()));
        if (!recursiveApplies) {
            return;
        }
        Map<String, Set<Watcher>> recursive = byKind.get(Kind.PERSISTENT_RECURSIVE);
        if (recursive.isEmpty()) {
            return;
        }
        List<String> chain = new ArrayList<>();
        String p = path;
        while (true) {
            chain.add(p);
            if (p.equals("/")) {
                break;
            }
            int slash = p.lastIndexOf('/');
            p = slash == 0 ? "/" : p.substring(0, slash);
        }
        for (String ancestor : chain) {
            out.addAll(recursive.getOrDefault(ancestor, Set.of()));
        }
    }
}
