package io.arbor.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Jute record written by hand, field by field: big-endian ints and longs, a boolean as one byte, buffers and
 * strings as an int length then the bytes. Nothing is checked, so a test can also write what no client would.
 */
public final class JuteWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private JuteWriter() {}

    public static JuteWriter record() {
        return new JuteWriter();
    }

    public JuteWriter i32(int v) {
        bytes.write(v >>> 24);
        bytes.write(v >>> 16);
        bytes.write(v >>> 8);
        bytes.write(v);
        return this;
    }

    public JuteWriter i64(long v) {
        return i32((int) (v >>> 32)).i32((int) v);
    }

    public JuteWriter bool(boolean v) {
        bytes.write(v ? 1 : 0);
        return this;
    }

    /** Bytes as they are, with no length before them. */
    public JuteWriter raw(byte[] b) {
        bytes.writeBytes(b);
        return this;
    }

    public JuteWriter buffer(byte[] b) {
        return i32(b.length).raw(b);
    }

    public JuteWriter string(String s) {
        return buffer(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A vector&lt;ACL&gt; of one world:anyone entry with every permission. */
    public JuteWriter openAcl() {
        return i32(1).i32(31).string("world").string("anyone");
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }
}
