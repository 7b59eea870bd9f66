package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * setWatches (101) and setWatches2 (105): the watches a client re-registers after a reconnect, with the
 * last zxid it saw. The two persistent lists are only on the wire for setWatches2.
 */
public record SetWatchesRequest(long relativeZxid, List<String> dataWatches, List<String> existWatches,
                                List<String> childWatches, List<String> persistentWatches,
                                List<String> persistentRecursiveWatches) implements Record {
    public static SetWatchesRequest read(ByteBuf in, boolean withPersistent) {
        long zxid = Jute.readLong(in);
        List<String> data = Jute.nullToEmpty(Jute.readStringList(in));
        List<String> exist = Jute.nullToEmpty(Jute.readStringList(in));
        List<String> child = Jute.nullToEmpty(Jute.readStringList(in));
        List<String> persistent = withPersistent ? Jute.nullToEmpty(Jute.readStringList(in)) : List.of();
        List<String> recursive = withPersistent ? Jute.nullToEmpty(Jute.readStringList(in)) : List.of();
        return new SetWatchesRequest(zxid, data, exist, child, persistent, recursive);
    }

    public boolean hasPersistent() {
        return !persistentWatches.isEmpty() || !persistentRecursiveWatches.isEmpty();
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(relativeZxid);
        Jute.writeStringList(out, dataWatches);
        Jute.writeStringList(out, existWatches);
        Jute.writeStringList(out, childWatches);
        if (hasPersistent()) {
            Jute.writeStringList(out, persistentWatches);
            Jute.writeStringList(out, persistentRecursiveWatches);
        }
    }
}
