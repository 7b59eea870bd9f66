package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.EventType;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** removeWatches' bookkeeping: which watches each WatcherType names, and only the named watcher's go. */
class WatchRegistryTest {
    private final WatchRegistry registry = new WatchRegistry();
    private final Watcher a = e -> { };
    private final Watcher b = e -> { };

    @Test
    void removingOneWatcherLeavesTheOthersOnTheNodeToFire() {
        registry.add(WatchRegistry.Kind.DATA, "/n", a);
        registry.add(WatchRegistry.Kind.DATA, "/n", b);

        assertThat(registry.remove(WatcherType.DATA, "/n", a))
                .containsExactly(Map.entry(WatchEvent.Type.DATA_WATCH_REMOVED, Set.of(a)));
        assertThat(registry.contains(WatcherType.DATA, "/n", a)).isFalse();
        assertThat(registry.triggered(EventType.NODE_DATA_CHANGED, "/n")).containsExactly(b);
    }

    @Test
    void dataNamesDataAndExistWatchesOnlyAndChildrenTheChildWatchesOnly() {
        registry.add(WatchRegistry.Kind.DATA, "/n", a);
        registry.add(WatchRegistry.Kind.EXIST, "/n", b);
        registry.add(WatchRegistry.Kind.CHILD, "/n", a);
        registry.add(WatchRegistry.Kind.PERSISTENT, "/n", b);

        assertThat(registry.remove(WatcherType.DATA, "/n", null))
                .containsExactly(Map.entry(WatchEvent.Type.DATA_WATCH_REMOVED, Set.of(a, b)));
        assertThat(registry.contains(WatcherType.CHILDREN, "/n", a)).isTrue();
        assertThat(registry.contains(WatcherType.PERSISTENT, "/n", b)).isTrue();
        // a persistent watch is not a data watch, for the check as for the removal (ZooKeeper's client alike)
        assertThat(registry.contains(WatcherType.DATA, "/n", b)).isFalse();
        assertThat(registry.contains(WatcherType.CHILDREN, "/n", b)).isFalse();
        assertThat(registry.remove(WatcherType.CHILDREN, "/n", a))
                .containsExactly(Map.entry(WatchEvent.Type.CHILD_WATCH_REMOVED, Set.of(a)));
    }

    @Test
    void anyTellsAWatcherOfEachKindItLost() {
        registry.add(WatchRegistry.Kind.EXIST, "/n", a);
        registry.add(WatchRegistry.Kind.CHILD, "/n", a);
        registry.add(WatchRegistry.Kind.PERSISTENT_RECURSIVE, "/n", a);
        registry.add(WatchRegistry.Kind.CHILD, "/n", b);

        Map<WatchEvent.Type, Set<Watcher>> removed = registry.remove(WatcherType.ANY, "/n", a);
        assertThat(removed).containsOnly(Map.entry(WatchEvent.Type.DATA_WATCH_REMOVED, Set.of(a)),
                Map.entry(WatchEvent.Type.CHILD_WATCH_REMOVED, Set.of(a)),
                Map.entry(WatchEvent.Type.PERSISTENT_WATCH_REMOVED, Set.of(a)));
        assertThat(registry.contains(WatcherType.ANY, "/n", a)).isFalse();
        assertThat(registry.contains(WatcherType.ANY, "/n", null)).isTrue();
        // the recursive watch is gone: an event below the node reaches no one
        assertThat(registry.triggered(EventType.NODE_CREATED, "/n/x")).isEmpty();
    }

    @Test
    void persistentAndRecursiveAreNamedApart() {
        registry.add(WatchRegistry.Kind.PERSISTENT, "/n", a);
        registry.add(WatchRegistry.Kind.PERSISTENT_RECURSIVE, "/n", a);

        assertThat(registry.remove(WatcherType.PERSISTENT_RECURSIVE, "/n", a))
                .containsExactly(Map.entry(WatchEvent.Type.PERSISTENT_WATCH_REMOVED, Set.of(a)));
        assertThat(registry.contains(WatcherType.PERSISTENT, "/n", a)).isTrue();
        assertThat(registry.triggered(EventType.NODE_DATA_CHANGED, "/n")).containsExactly(a);
    }

    @Test
    void nothingToRemoveIsAnEmptyAnswer() {
        registry.add(WatchRegistry.Kind.DATA, "/n", a);
        assertThat(registry.contains(WatcherType.DATA, "/other", null)).isFalse();
        assertThat(registry.contains(WatcherType.DATA, "/n", b)).isFalse();
        assertThat(registry.remove(WatcherType.DATA, "/n", b)).isEmpty();
        assertThat(registry.remove(WatcherType.CHILDREN, "/n", null)).isEmpty();
        assertThat(registry.contains(WatcherType.DATA, "/n", a)).isTrue();
    }

    @Test
    void onExpiryEachDroppedWatcherIsOwedOneExpiredWhateverItHeld() {
        registry.add(WatchRegistry.Kind.DATA, "/n", a);
        registry.add(WatchRegistry.Kind.CHILD, "/m", a);
        registry.add(WatchRegistry.Kind.PERSISTENT, "/n", b);
        registry.add(WatchRegistry.Kind.PERSISTENT_RECURSIVE, "/", b);

        Set<Watcher> oneShot = registry.clearOneShot();
        assertThat(oneShot).containsExactly(a);
        assertThat(registry.snapshot().persistent()).containsExactly("/n"); // kept, to be restored
        Set<Watcher> rest = registry.clear();
        assertThat(rest).containsExactly(b);
        assertThat(registry.snapshot().isEmpty()).isTrue();
    }
}
