package io.arbor.server.ensemble;

import io.arbor.protocol.Id;
import io.arbor.protocol.Jute;
import io.arbor.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The byte form of a {@link PeerMessage}: a kind byte, then its fields in Jute encoding. */
final class PeerCodec {
    private static final byte HELLO = 1;
    private static final byte FORWARD = 2;
    private static final byte TOUCH = 3;
    private static final byte REATTACH = 4;
    private static final byte ANSWER = 5;
    private static final byte REATTACHED = 6;
    private static final byte WELCOME = 7;

    private PeerCodec() {}

    static void write(PeerMessage m, ByteBuf out) {
        if (m instanceof PeerMessage.Hello h) {
            out.writeByte(HELLO);
            out.writeLong(h.serverId());
        } else if (m instanceof PeerMessage.Forward f) {
            out.writeByte(FORWARD);
            out.writeLong(f.sessionId());
            out.writeInt(f.xid());
            out.writeInt(f.op());
            out.writeInt(f.authIds().size());
            for (Id id : f.authIds()) {
                id.write(out);
            }
            out.writeInt(f.timeout());
            Jute.writeBuffer(out, f.password());
            Jute.writeBuffer(out, f.body());
        } else if (m instanceof PeerMessage.Touch t) {
            out.writeByte(TOUCH);
            out.writeInt(t.sessionIds().size());
            for (long id : t.sessionIds()) {
                out.writeLong(id);
            }
        } else if (m instanceof PeerMessage.Reattach r) {
            out.writeByte(REATTACH);
            out.writeLong(r.sessionId());
        } else if (m instanceof PeerMessage.Answer a) {
            out.writeByte(ANSWER);
            out.writeLong(a.sessionId());
            out.writeInt(a.xid());
            out.writeInt(a.err());
            out.writeLong(a.zxid());
            Jute.writeIntVector(out, a.multiErrors());
        } else if (m instanceof PeerMessage.Welcome w) {
            out.writeByte(WELCOME);
            out.writeLong(w.zxid());
        } else if (m instanceof PeerMessage.Reattached r) {
            out.writeByte(REATTACHED);
            out.writeLong(r.sessionId());
            Jute.writeBool(out, r.valid());
            out.writeLong(r.zxid());
        }
    }

    /** Reads one message that fills {@code in}; counts are bounded by the bytes left before anything is allocated. */
    static PeerMessage read(ByteBuf in) {
        byte kind = in.readByte();
        PeerMessage m = switch (kind) {
            case HELLO -> new PeerMessage.Hello(in.readLong());
            case FORWARD -> {
                long sessionId = in.readLong();
                int xid = in.readInt();
                int op = in.readInt();
                int n = Math.max(0, Jute.readCount(in, 8));
                List<Id> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ids.add(Id.read(in));
                }
                yield new PeerMessage.Forward(sessionId, xid, op, List.copyOf(ids), in.readInt(), Jute.readBuffer(in),
                        Jute.readBuffer(in));
            }
            case TOUCH -> {
                int n = Math.max(0, Jute.readCount(in, Long.BYTES));
                List<Long> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ids.add(in.readLong());
                }
                yield new PeerMessage.Touch(ids);
            }
            case REATTACH -> new PeerMessage.Reattach(in.readLong());
            case ANSWER -> {
                long sessionId = in.readLong();
                int xid = in.readInt();
                int err = in.readInt();
                long zxid = in.readLong();
                yield new PeerMessage.Answer(sessionId, xid, err, zxid, Jute.readIntVector(in));
            }
            case WELCOME -> new PeerMessage.Welcome(in.readLong());
            case REATTACHED -> new PeerMessage.Reattached(in.readLong(), Jute.readBool(in), in.readLong());
            default -> throw new ProtocolException("unknown peer message kind " + kind);
        };
        if (in.isReadable()) {
            throw new ProtocolException(in.readableBytes() + " bytes after a peer message of kind " + kind);
        }
        return m;
    }
}
