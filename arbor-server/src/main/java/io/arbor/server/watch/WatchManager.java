package io.arbor.server.watch;

import io.arbor.protocol.Acl;
import io.arbor.protocol.EventType;
import io.arbor.protocol.WatcherType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every watch on the server: path -> (watcher -> kind bits), and watcher -> paths for clean-up. Changes to a
 * path's entry happen under that path's stripe lock (the caller holds it), so registering a watch and
 * reading the node are atomic with respect to APPLY changing the node and firing its watches.
 */
public final class WatchManager {
    private final ConcurrentHashMap<String, ConcurrentHashMap<Watcher, Integer>> byPath = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Watcher, Set<String>> byWatcher = new ConcurrentHashMap<>();
    private final AtomicInteger recursiveWatches = new AtomicInteger();

    /** Adds a watch of {@code kind}; caller holds the path's stripe lock. */
    public void add(String path, Watcher watcher, int kind) {
        ConcurrentHashMap<Watcher, Integer> watchers = byPath.computeIfAbsent(path, p -> new ConcurrentHashMap<>(4));
        Integer old = watchers.get(watcher);
        int bits = old == null ? kind : old | kind;
        watchers.put(watcher, bits);
        if ((kind & WatchKind.RECURSIVE) != 0 && (old == null || (old & WatchKind.RECURSIVE) == 0)) {
            recursiveWatches.incrementAndGet();
        }
        if (old == null) {
            byWatcher.computeIfAbsent(watcher, w -> ConcurrentHashMap.newKeySet()).add(path);
        }
        // A read can run after its connection closed (it waited behind a write). The connection marks itself
        // closed and then sweeps its watches once; checking the mark after registering means that either the
        // sweep sees this watch or this check sees the mark, so no watch outlives its connection.
        if (watcher.isClosed()) {
            remove(path, watcher, WatcherType.ANY);
            byWatcher.computeIfPresent(watcher, (w, paths) -> paths.isEmpty() ? null : paths);
        }
    }

    /**
     * Fires NodeCreated, NodeDataChanged or NodeDeleted on {@code path}: one-shot data watches (and, for a
     * delete, one-shot child watches) are consumed, persistent ones stay, recursive ones on the path and its
     * ancestors fire too. Each watcher gets at most one event.
     */
    public void triggerData(String path, int eventType, long zxid, List<Acl> acl) {
        Set<Watcher> notified = null;
        ConcurrentHashMap<Watcher, Integer> watchers = byPath.get(path);
        if (watchers != null) {
            int consumed = eventType == EventType.NODE_DELETED ? WatchKind.DATA | WatchKind.CHILD : WatchKind.DATA;
            int fires = consumed | WatchKind.PERSISTENT | WatchKind.RECURSIVE;
            for (Map.Entry<Watcher, Integer> e : watchers.entrySet()) {
                int bits = e.getValue();
                if ((bits & fires) == 0) {
                    continue;
                }
                Watcher w = e.getKey();
                e.getKey().deliver(eventType, path, zxid, acl);
                if (recursiveWatches.get() > 0) {
                    if (notified == null) {
                        notified = new HashSet<>();
                    }
                    notified.add(w);
                }
                int left = bits & ~consumed;
                if (left != bits) {
                    keep(path, watchers, w, left);
                }
            }
        }
        if (recursiveWatches.get() > 0) {
            for (String p = parentOf(path); p != null; p = parentOf(p)) {
                ConcurrentHashMap<Watcher, Integer> up = byPath.get(p);
                if (up == null) {
                    continue;
                }
                for (Map.Entry<Watcher, Integer> e : up.entrySet()) {
                    if ((e.getValue() & WatchKind.RECURSIVE) != 0) {
                        if (notified == null) {
                            notified = new HashSet<>();
                        }
                        if (notified.add(e.getKey())) {
                            e.getKey().deliver(eventType, path, zxid, acl);
                        }
                    }
                }
            }
        }
    }

    /** Fires NodeChildrenChanged on {@code path}: one-shot child watches are consumed, persistent ones stay. */
    public void triggerChildren(String path, long zxid, List<Acl> acl) {
        ConcurrentHashMap<Watcher, Integer> watchers = byPath.get(path);
        if (watchers == null) {
            return;
        }
        for (Map.Entry<Watcher, Integer> e : watchers.entrySet()) {
            int bits = e.getValue();
            if ((bits & (WatchKind.CHILD | WatchKind.PERSISTENT)) == 0) {
                continue;
            }
            Watcher w = e.getKey();
            w.deliver(EventType.NODE_CHILDREN_CHANGED, path, zxid, acl);
            int left = bits & ~WatchKind.CHILD;
            if (left != bits) {
                keep(path, watchers, w, left);
            }
        }
    }

    private void keep(String path, ConcurrentHashMap<Watcher, Integer> watchers, Watcher w, int bits) {
        if (bits == 0) {
            watchers.remove(w);
            Set<String> paths = byWatcher.get(w);
            if (paths != null) {
                paths.remove(path);
            }
            if (watchers.isEmpty()) {
                byPath.remove(path, watchers);
            }
        } else {
            watchers.put(w, bits);
        }
    }

    private static int bitsFor(int watcherType) {
        return switch (watcherType) {
            case WatcherType.CHILDREN -> WatchKind.CHILD;
            case WatcherType.DATA -> WatchKind.DATA;
            case WatcherType.PERSISTENT -> WatchKind.PERSISTENT;
            case WatcherType.PERSISTENT_RECURSIVE -> WatchKind.RECURSIVE;
            case WatcherType.ANY -> WatchKind.DATA | WatchKind.CHILD | WatchKind.PERSISTENT | WatchKind.RECURSIVE;
            default -> 0;
        };
    }

    /** checkWatches: does the watcher hold a watch of this WatcherType on the path. */
    public boolean contains(String path, Watcher watcher, int watcherType) {
        ConcurrentHashMap<Watcher, Integer> watchers = byPath.get(path);
        Integer bits = watchers == null ? null : watchers.get(watcher);
        return bits != null && (bits & bitsFor(watcherType)) != 0;
    }

    /** removeWatches: removes the watcher's watches of this WatcherType on the path; false if none. */
    public boolean remove(String path, Watcher watcher, int watcherType) {
        ConcurrentHashMap<Watcher, Integer> watchers = byPath.get(path);
        Integer bits = watchers == null ? null : watchers.get(watcher);
        int mask = bitsFor(watcherType);
        if (bits == null || (bits & mask) == 0) {
            return false;
        }
        if ((bits & mask & WatchKind.RECURSIVE) != 0) {
            recursiveWatches.decrementAndGet();
        }
        keep(path, watchers, watcher, bits & ~mask);
        return true;
    }

    /** The paths a watcher watches (for clean-up when its connection closes). */
    public Set<String> pathsOf(Watcher watcher) {
        Set<String> paths = byWatcher.get(watcher);
        return paths == null ? Set.of() : Set.copyOf(paths);
    }

    /** Drops every watch of a watcher on one path; caller holds the path's stripe lock. */
    public void removeAll(String path, Watcher watcher) {
        remove(path, watcher, WatcherType.ANY);
    }

    /** Forgets a watcher once all its paths were removed. */
    public void forget(Watcher watcher) {
        byWatcher.remove(watcher);
    }

    public int watchCount() {
        int n = 0;
        for (ConcurrentHashMap<Watcher, Integer> m : byPath.values()) {
            for (int bits : m.values()) {
                n += Integer.bitCount(bits);
            }
        }
        return n;
    }

    public int pathCount() {
        return byPath.size();
    }

    public int watcherCount() {
        return byWatcher.size();
    }

    /** session id -> watched paths, for wchc and the admin API. */
    public Map<Long, List<String>> bySession() {
        Map<Long, List<String>> out = new TreeMap<>();
        byWatcher.forEach((w, paths) -> {
            if (!paths.isEmpty()) {
                out.computeIfAbsent(w.sessionId(), k -> new ArrayList<>()).addAll(paths);
            }
        });
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** path -> watching session ids, for wchp and the admin API. */
    public Map<String, List<Long>> byPathDump() {
        Map<String, List<Long>> out = new TreeMap<>();
        byPath.forEach((path, watchers) -> {
            if (!watchers.isEmpty()) {
                List<Long> ids = new ArrayList<>();
                watchers.keySet().forEach(w -> ids.add(w.sessionId()));
                ids.sort(null);
                out.put(path, ids);
            }
        });
        return out;
    }

    private static String parentOf(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
