package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** The server's answer to a {@link ConnectRequest}; timeOut 0 and sessionId 0 mean the session is expired. */
public record ConnectResponse(int protocolVersion, int timeOut, long sessionId, byte[] passwd, boolean readOnly,
                              boolean readOnlyPresent) implements Record {

    public static ConnectResponse read(ByteBuf in) {
        int version = Jute.readInt(in);
        int timeout = Jute.readInt(in);
        long session = Jute.readLong(in);
        byte[] passwd = Jute.readBuffer(in);
        boolean present = in.isReadable();
        boolean readOnly = present && in.readByte() != 0;
        return new ConnectResponse(version, timeout, session, passwd == null ? new byte[0] : passwd, readOnly, present);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(protocolVersion).writeInt(timeOut).writeLong(sessionId);
        Jute.writeBuffer(out, passwd);
        if (readOnlyPresent) {
            Jute.writeBool(out, readOnly);
        }
    }
}
