package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The first frame of a connection, without a request header. {@code readOnlyPresent} records whether the
 * client sent the trailing read-only byte (pre-3.4 clients do not), so the reply can answer in kind.
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOut, long sessionId, byte[] passwd,
                             boolean readOnly, boolean readOnlyPresent) implements Record {

    public static ConnectRequest read(ByteBuf in) {
        int version = Jute.readInt(in);
        long lastZxid = Jute.readLong(in);
        int timeout = Jute.readInt(in);
        long session = Jute.readLong(in);
        byte[] passwd = Jute.readBuffer(in);
        boolean present = in.isReadable();
        boolean readOnly = present && in.readByte() != 0;
        return new ConnectRequest(version, lastZxid, timeout, session, passwd == null ? new byte[0] : passwd,
                readOnly, present);
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(protocolVersion).writeLong(lastZxidSeen).writeInt(timeOut).writeLong(sessionId);
        Jute.writeBuffer(out, passwd);
        if (readOnlyPresent) {
            Jute.writeBool(out, readOnly);
        }
    }
}
