package io.arbor.client;

import io.arbor.protocol.request.SetWatchesRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the watches a re-attached connection re-registers into setWatches requests of bounded size, as
 * ZooKeeper's client does: one request holding every path of a client with many watches would exceed the
 * server's jute.maxbuffer, and the server would drop the connection on every reconnect.
 */
final class SetWatchesBatches {
    /** The most path bytes one request carries (ZooKeeper's client uses the same 128 KiB). */
    static final int MAX_PATH_BYTES = 128 * 1024;

    private SetWatchesBatches() {}

    static List<SetWatchesRequest> split(long relativeZxid, WatchRegistry.Snapshot watches, int maxPathBytes) {
        List<SetWatchesRequest> out = new ArrayList<>();
        List<List<String>> kinds = List.of(watches.data(), watches.exist(), watches.child(), watches.persistent(),
                watches.recursive());
        List<List<String>> batch = emptyBatch();
        int bytes = 0;
        for (int k = 0; k < kinds.size(); k++) {
            for (String path : kinds.get(k)) {
                // 4 bytes of length prefix per string, as the record is framed
                int size = path.getBytes(StandardCharsets.UTF_8).length + 4;
                if (bytes > 0 && bytes + size > maxPathBytes) {
                    out.add(request(relativeZxid, batch));
                    batch = emptyBatch();
                    bytes = 0;
                }
                batch.get(k).add(path);
                bytes += size;
            }
        }
        if (bytes > 0) {
            out.add(request(relativeZxid, batch));
        }
        return out;
    }

    private static List<List<String>> emptyBatch() {
        List<List<String>> b = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            b.add(new ArrayList<>());
        }
        return b;
    }

    private static SetWatchesRequest request(long relativeZxid, List<List<String>> b) {
        return new SetWatchesRequest(relativeZxid, b.get(0), b.get(1), b.get(2), b.get(3), b.get(4));
    }
}
