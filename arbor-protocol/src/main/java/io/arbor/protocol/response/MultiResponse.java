package io.arbor.protocol.response;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The results of a multi or multiRead: MultiHeader{type, false, err} + body each, then {-1, true, -1}. */
public record MultiResponse(List<OpResult> results) implements Record {
    @Override
    public void write(ByteBuf out) {
        for (OpResult r : results) {
            out.writeInt(r.type());
            Jute.writeBool(out, false);
            out.writeInt(r.err());
            if (r.body() != null) {
                r.body().write(out);
            }
        }
        out.writeInt(-1);
        Jute.writeBool(out, true);
        out.writeInt(-1);
    }

    public static MultiResponse read(ByteBuf in) {
        List<OpResult> results = new ArrayList<>();
        while (true) {
            int type = Jute.readInt(in);
            boolean done = Jute.readBool(in);
            int err = Jute.readInt(in);
            if (done) {
                return new MultiResponse(results);
            }
            Record body = switch (type) {
                case OpCode.CREATE -> PathResponse.read(in);
                case OpCode.CREATE2, OpCode.CREATE_TTL, OpCode.CREATE_CONTAINER -> Create2Response.read(in);
                case OpCode.DELETE, OpCode.CHECK -> null;
                case OpCode.SET_DATA -> StatResponse.read(in);
                case OpCode.GET_DATA -> GetDataResponse.read(in);
                case OpCode.GET_CHILDREN -> ChildrenResponse.read(in, false);
                case OpCode.ERROR -> IntResponse.read(in);
                default -> throw new ProtocolException("unexpected op " + type + " in a multi response");
            };
            results.add(new OpResult(type, type == OpCode.ERROR ? ((IntResponse) body).value() : ErrorCode.OK, body));
        }
    }
}
