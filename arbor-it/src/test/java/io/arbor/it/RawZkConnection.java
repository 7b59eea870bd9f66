package io.arbor.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A client connection with no client library: frames and Jute records encoded by hand, so a test can
 * send what no well-behaved client would. Every read is bounded by the socket timeout.
 */
final class RawZkConnection implements AutoCloseable {
    static final int OP_GET_DATA = 4;
    static final int OP_CREATE = 1;
    static final int OP_CHECK = 13;
    static final int OP_PING = 11;
    static final int OP_SET_ACL = 7;
    static final int OP_SET_WATCHES = 101;
    static final int XID_PING = -2;
    static final int XID_SET_WATCHES = -8;

    /** What the server answered to the handshake. */
    record ConnectResponse(int protocolVersion, int timeOut, long sessionId, byte[] passwd) {}

    /** One reply: its header and the body bytes after it. */
    record Reply(int xid, long zxid, int err, byte[] body) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawZkConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    // ---- encoding ----

    /** A Jute record under construction: big-endian ints and longs, length-prefixed strings and buffers. */
    static final class Jute {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Jute i32(int v) {
            try {
                data.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Jute i64(long v) {
            return i32((int) (v >>> 32)).i32((int) v);
        }

        Jute bool(boolean v) {
            bytes.write(v ? 1 : 0);
            return this;
        }

        Jute raw(byte[] b) {
            bytes.writeBytes(b);
            return this;
        }

        Jute buffer(byte[] b) {
            return i32(b.length).raw(b);
        }

        Jute string(String s) {
            return buffer(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A vector<ACL> of one world:anyone ALL entry. */
        Jute openAcl() {
            return i32(1).i32(31).string("world").string("anyone");
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        int size() {
            return bytes.size();
        }
    }

    static Jute record() {
        return new Jute();
    }

    /** ConnectRequest for a new session: protocol 0, lastZxidSeen, timeout, session 0, 16 zero bytes, readOnly. */
    static byte[] connectRequest(long lastZxidSeen) {
        return record().i32(0).i64(lastZxidSeen).i32(4_000).i64(0).buffer(new byte[16]).bool(false).bytes();
    }

    /** A RequestHeader followed by a body. */
    static byte[] request(int xid, int op, byte[] body) {
        return record().i32(xid).i32(op).raw(body).bytes();
    }

    // ---- output ----

    void sendFrame(byte[] payload) throws IOException {
        sendRaw(record().i32(payload.length).raw(payload).bytes());
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Half-closes: the server reads end-of-stream after what was sent. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    // ---- input ----

    /** Sends a well-formed ConnectRequest and reads the ConnectResponse. */
    ConnectResponse handshake() throws IOException {
        sendFrame(connectRequest(0));
        ByteBuffer b = ByteBuffer.wrap(readFrame());
        int version = b.getInt();
        int timeout = b.getInt();
        long session = b.getLong();
        byte[] passwd = new byte[b.getInt()];
        b.get(passwd);
        return new ConnectResponse(version, timeout, session, passwd);
    }

    /** The next frame's payload; EOFException if the server closed the connection first. */
    byte[] readFrame() throws IOException {
        int len = in.readInt();
        byte[] payload = new byte[len];
        in.readFully(payload);
        return payload;
    }

    Reply readReply() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(readFrame());
        int xid = b.getInt();
        long zxid = b.getLong();
        int err = b.getInt();
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new Reply(xid, zxid, err, body);
    }

    /** Sends one request and reads the reply to it. */
    Reply call(int xid, int op, byte[] body) throws IOException {
        sendFrame(request(xid, op, body));
        return readReply();
    }

    /**
     * Reads until the server closes the connection and returns how many bytes came before the close;
     * throws SocketTimeoutException if the connection is still open after the socket timeout.
     */
    int bytesUntilClosed() throws IOException {
        int n = 0;
        byte[] chunk = new byte[4096];
        try {
            int r;
            while ((r = in.read(chunk)) != -1) {
                n += r;
            }
        } catch (SocketException e) {
            // a reset is a close too (a SocketTimeoutException is no SocketException: it propagates)
        }
        return n;
    }

    /** True if the server closed the connection without sending a byte, within the socket timeout. */
    boolean closedSilently() throws IOException {
        return bytesUntilClosed() == 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
