package io.arbor.server.network;

import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.Record;
import io.arbor.protocol.request.AuthPacket;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.MultiRequest;
import io.arbor.protocol.request.PathModeRequest;
import io.arbor.protocol.request.PathRequest;
import io.arbor.protocol.request.PathVersionRequest;
import io.arbor.protocol.request.PathWatchRequest;
import io.arbor.protocol.request.ReconfigRequest;
import io.arbor.protocol.request.SetAclRequest;
import io.arbor.protocol.request.SetDataRequest;
import io.arbor.protocol.request.SetWatchesRequest;
import io.netty.buffer.ByteBuf;

/** Decodes a request body by its op code; throws {@link ProtocolException} for a body that does not parse. */
public final class RequestDecoder {
    private RequestDecoder() {}

    public static Record decode(int op, ByteBuf in) {
        return switch (op) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER -> CreateRequest.read(in, false);
            case OpCode.CREATE_TTL -> CreateRequest.read(in, true);
            case OpCode.DELETE, OpCode.CHECK -> PathVersionRequest.read(in);
            case OpCode.EXISTS, OpCode.GET_DATA, OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> PathWatchRequest.read(in);
            case OpCode.SET_DATA -> SetDataRequest.read(in);
            case OpCode.GET_ACL, OpCode.SYNC, OpCode.GET_ALL_CHILDREN_NUMBER, OpCode.GET_EPHEMERALS,
                 OpCode.DELETE_CONTAINER -> PathRequest.read(in);
            case OpCode.SET_ACL -> SetAclRequest.read(in);
            case OpCode.MULTI, OpCode.MULTI_READ -> MultiRequest.read(in);
            case OpCode.RECONFIG -> ReconfigRequest.read(in);
            case OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES, OpCode.ADD_WATCH -> PathModeRequest.read(in);
            case OpCode.AUTH -> AuthPacket.read(in);
            case OpCode.SET_WATCHES -> SetWatchesRequest.read(in, false);
            case OpCode.SET_WATCHES2 -> SetWatchesRequest.read(in, true);
            case OpCode.PING, OpCode.CLOSE_SESSION, OpCode.WHO_AM_I -> null;
            default -> throw new ProtocolException("unknown op code " + op);
        };
    }
}
