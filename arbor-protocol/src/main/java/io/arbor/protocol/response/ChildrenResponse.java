package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** getChildren (stat null) and getChildren2 (with the parent's Stat); also getEphemerals' list. */
public record ChildrenResponse(List<String> children, Stat stat) implements Record {
    public static ChildrenResponse read(ByteBuf in, boolean withStat) {
        List<String> children = Jute.readStringList(in);
        return new ChildrenResponse(children, withStat ? Stat.read(in) : null);
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeStringList(out, children);
        if (stat != null) {
            stat.write(out);
        }
    }
}
