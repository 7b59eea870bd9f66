package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.request.SetWatchesRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SetWatchesBatchesTest {
    private static List<String> paths(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "/" + prefix + "/node-with-a-longish-name-" + i).toList();
    }

    private static int pathBytes(SetWatchesRequest r) {
        int n = 0;
        for (List<String> l : List.of(r.dataWatches(), r.existWatches(), r.childWatches(), r.persistentWatches(),
                r.persistentRecursiveWatches())) {
            for (String p : l) {
                n += p.getBytes(StandardCharsets.UTF_8).length + 4;
            }
        }
        return n;
    }

    @Test
    void manyWatchesGoInRequestsUnderTheBoundAndNoneIsLost() {
        WatchRegistry.Snapshot all = new WatchRegistry.Snapshot(paths("d", 5000), paths("e", 5000),
                paths("c", 5000), paths("p", 10), paths("r", 10));
        List<SetWatchesRequest> batches = SetWatchesBatches.split(42, all, SetWatchesBatches.MAX_PATH_BYTES);
        assertThat(batches).hasSizeGreaterThan(1);
        List<String> data = new ArrayList<>();
        List<String> exist = new ArrayList<>();
        List<String> child = new ArrayList<>();
        List<String> persistent = new ArrayList<>();
        List<String> recursive = new ArrayList<>();
        for (SetWatchesRequest r : batches) {
            assertThat(r.relativeZxid()).isEqualTo(42);
            assertThat(pathBytes(r)).isLessThanOrEqualTo(SetWatchesBatches.MAX_PATH_BYTES);
            data.addAll(r.dataWatches());
            exist.addAll(r.existWatches());
            child.addAll(r.childWatches());
            persistent.addAll(r.persistentWatches());
            recursive.addAll(r.persistentRecursiveWatches());
        }
        assertThat(data).isEqualTo(all.data());
        assertThat(exist).isEqualTo(all.exist());
        assertThat(child).isEqualTo(all.child());
        assertThat(persistent).isEqualTo(all.persistent());
        assertThat(recursive).isEqualTo(all.recursive());
        // only the batches that carry persistent watches need setWatches2
        assertThat(batches.subList(0, batches.size() - 1)).noneMatch(SetWatchesRequest::hasPersistent);
        assertThat(batches.get(batches.size() - 1).hasPersistent()).isTrue();
    }

    @Test
    void fewWatchesGoInOneRequestAndNoneMakeNoRequest() {
        WatchRegistry.Snapshot few = new WatchRegistry.Snapshot(List.of("/a"), List.of("/b"), List.of("/c"),
                List.of(), List.of());
        assertThat(SetWatchesBatches.split(1, few, SetWatchesBatches.MAX_PATH_BYTES)).singleElement()
                .satisfies(r -> assertThat(r.dataWatches()).containsExactly("/a"));
        WatchRegistry.Snapshot none = new WatchRegistry.Snapshot(List.of(), List.of(), List.of(), List.of(),
                List.of());
        assertThat(SetWatchesBatches.split(1, none, SetWatchesBatches.MAX_PATH_BYTES)).isEmpty();
    }
}
