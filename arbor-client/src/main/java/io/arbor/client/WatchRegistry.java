package io.arbor.client;

import io.arbor.protocol.EventType;
import io.arbor.protocol.WatcherType;
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

    /**
     * Removes the watches removeWatches took off the server, by {@link WatcherType}; returns the watchers removed
     * with the event type each is told (data, child or persistent watch removed).
     */
    synchronized Map<Watcher, WatchEvent.Type> remove(int watcherType, String serverPath) {
        Map<Watcher, WatchEvent.Type> out = new java.util.LinkedHashMap<>();
        boolean any = watcherType == WatcherType.ANY;
        if (any || watcherType == WatcherType.DATA) {
            removeInto(Kind.DATA, serverPath, WatchEvent.Type.DATA_WATCH_REMOVED, out);
            removeInto(Kind.EXIST, serverPath, WatchEvent.Type.DATA_WATCH_REMOVED, out);
        }
        if (any || watcherType == WatcherType.CHILDREN) {
            removeInto(Kind.CHILD, serverPath, WatchEvent.Type.CHILD_WATCH_REMOVED, out);
        }
        if (any || watcherType == WatcherType.PERSISTENT) {
            removeInto(Kind.PERSISTENT, serverPath, WatchEvent.Type.PERSISTENT_WATCH_REMOVED, out);
        }
        if (any || watcherType == WatcherType.PERSISTENT_RECURSIVE) {
            removeInto(Kind.PERSISTENT_RECURSIVE, serverPath, WatchEvent.Type.PERSISTENT_WATCH_REMOVED, out);
        }
        return out;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(paths(Kind.DATA), paths(Kind.EXIST), paths(Kind.CHILD), paths(Kind.PERSISTENT),
                paths(Kind.PERSISTENT_RECURSIVE));
    }

    /** Every watcher, removed: the session that held them is gone. */
    synchronized Set<Watcher> clear() {
        Set<Watcher> out = new LinkedHashSet<>();
        for (Map<String, Set<Watcher>> m : byKind.values()) {
            m.values().forEach(out::addAll);
            m.clear();
        }
        return out;
    }

    /** The one-shot watches, removed (the session expired); the persistent ones stay, to be set again. */
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

    private void removeInto(Kind kind, String path, WatchEvent.Type type, Map<Watcher, WatchEvent.Type> out) {
        Set<Watcher> w = byKind.get(kind).remove(path);
        if (w != null) {
            w.forEach(x -> out.putIfAbsent(x, type));
        }
    }
}
