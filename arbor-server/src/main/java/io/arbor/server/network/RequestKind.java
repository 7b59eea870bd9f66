package io.arbor.server.network;

import io.arbor.protocol.OpCode;

/** Which requests go through PREPARE/LOG/APPLY and which are answered from the tree directly. */
final class RequestKind {
    private RequestKind() {}

    static boolean isWrite(int op) {
        return switch (op) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
                 OpCode.DELETE_CONTAINER, OpCode.SET_DATA, OpCode.SET_ACL, OpCode.MULTI, OpCode.SYNC,
                 OpCode.CLOSE_SESSION, OpCode.RECONFIG, OpCode.CREATE_SESSION -> true;
            default -> false;
        };
    }

    static boolean isRead(int op) {
        return switch (op) {
            case OpCode.EXISTS, OpCode.GET_DATA, OpCode.GET_ACL, OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2,
                 OpCode.GET_ALL_CHILDREN_NUMBER, OpCode.GET_EPHEMERALS, OpCode.CHECK_WATCHES,
                 OpCode.REMOVE_WATCHES, OpCode.ADD_WATCH, OpCode.WHO_AM_I, OpCode.MULTI_READ,
                 OpCode.SET_WATCHES, OpCode.SET_WATCHES2 -> true;
            default -> false;
        };
    }
}
