package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * multi (14) and multiRead (22): a list of MultiHeader{type, done=false, err=-1} + request, ended by
 * MultiHeader{-1, true, -1}. The number of ops is bounded by the frame, since every op takes bytes.
 */
public record MultiRequest(List<MultiOp> ops) implements Record {
    public static MultiRequest read(ByteBuf in) {
        List<MultiOp> ops = new ArrayList<>();
        while (true) {
            int type = Jute.readInt(in);
            boolean done = Jute.readBool(in);
            Jute.readInt(in); // err, unused in requests
            if (done) {
                return new MultiRequest(ops);
            }
            Record request = switch (type) {
                case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in, false);
                case OpCode.CREATE_TTL -> CreateRequest.read(in, true);
                case OpCode.DELETE, OpCode.CHECK -> PathVersionRequest.read(in);
                case OpCode.SET_DATA -> SetDataRequest.read(in);
                case OpCode.GET_CHILDREN, OpCode.GET_DATA -> PathWatchRequest.read(in);
                default -> throw new ProtocolException("op " + type + " is not allowed in a multi");
            };
            ops.add(new MultiOp(type, request));
        }
    }

    @Override
    public void write(ByteBuf out) {
        for (MultiOp op : ops) {
            out.writeInt(op.type());
            Jute.writeBool(out, false);
            out.writeInt(-1);
            op.request().write(out);
        }
        out.writeInt(-1);
        Jute.writeBool(out, true);
        out.writeInt(-1);
    }
}
