package io.arbor.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Jute's binary encoding straight on a {@link ByteBuf}: big-endian ints and longs, length-prefixed
 * strings and buffers (-1 = null), counted vectors. Every length read is checked against the bytes
 * that remain in the frame before anything is allocated, so a hostile length cannot cost memory.
 */
public final class Jute {
    private Jute() {}

    public static int readInt(ByteBuf in) {
        need(in, 4, "int");
        return in.readInt();
    }

    public static long readLong(ByteBuf in) {
        need(in, 8, "long");
        return in.readLong();
    }

    public static boolean readBool(ByteBuf in) {
        need(in, 1, "boolean");
        return in.readByte() != 0;
    }

    public static byte readByte(ByteBuf in) {
        need(in, 1, "byte");
        return in.readByte();
    }

    /** A ustring; null when the length is -1. */
    public static String readString(ByteBuf in) {
        int len = readInt(in);
        if (len == -1) {
            return null;
        }
        checkLength(in, len, "string");
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len);
        return s;
    }

    /** A buffer; null when the length is -1. */
    public static byte[] readBuffer(ByteBuf in) {
        int len = readInt(in);
        if (len == -1) {
            return null;
        }
        checkLength(in, len, "buffer");
        byte[] b = new byte[len];
        in.readBytes(b);
        return b;
    }

    /** The count of a vector, bounded by the remaining bytes given the smallest element size. */
    public static int readCount(ByteBuf in, int minElementBytes) {
        int n = readInt(in);
        if (n == -1) {
            return -1;
        }
        if (n < 0 || (long) n * minElementBytes > in.readableBytes()) {
            throw new ProtocolException("vector count " + n + " exceeds the " + in.readableBytes() + " bytes left");
        }
        return n;
    }

    public static List<String> readStringList(ByteBuf in) {
        int n = readCount(in, 4);
        if (n == -1) {
            return null;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString(in));
        }
        return out;
    }

    public static List<Acl> readAclList(ByteBuf in) {
        int n = readCount(in, 12);
        if (n == -1) {
            return null;
        }
        List<Acl> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Acl.read(in));
        }
        return out;
    }

    public static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        int lenAt = out.writerIndex();
        out.writeInt(0);
        int n = out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.setInt(lenAt, n);
    }

    public static void writeBuffer(ByteBuf out, byte[] b) {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    /** A vector of ints; null as -1 (Arbor's peer messages and Raft entries carry a failed multi's results so). */
    public static void writeIntVector(ByteBuf out, int[] v) {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        for (int x : v) {
            out.writeInt(x);
        }
    }

    /** A vector of ints, its count bounded by the bytes left; null when the count is -1. */
    public static int[] readIntVector(ByteBuf in) {
        int n = readCount(in, Integer.BYTES);
        if (n == -1) {
            return null;
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readInt();
        }
        return v;
    }

    public static void writeBool(ByteBuf out, boolean b) {
        out.writeByte(b ? 1 : 0);
    }

    public static void writeStringList(ByteBuf out, List<String> list) {
        if (list == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    public static void writeAclList(ByteBuf out, List<Acl> list) {
        if (list == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(list.size());
        for (Acl a : list) {
            a.write(out);
        }
    }

    public static List<String> nullToEmpty(List<String> l) {
        return l == null ? Collections.emptyList() : l;
    }

    private static void need(ByteBuf in, int n, String what) {
        if (in.readableBytes() < n) {
            throw new ProtocolException("record truncated: " + what + " needs " + n + " bytes, " + in.readableBytes() + " left");
        }
    }

    private static void checkLength(ByteBuf in, int len, String what) {
        if (len < 0 || len > in.readableBytes()) {
            throw new ProtocolException(what + " length " + len + " exceeds the " + in.readableBytes() + " bytes left");
        }
    }
}
