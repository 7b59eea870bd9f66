package io.arbor.it;

import static io.arbor.it.JuteWriter.record;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A ZooKeeper wire client on a plain socket, for what the stock client hides or refuses: the exact frames the
 * server sends (notifications, error codes of checkWatches/removeWatches), handshakes and requests no
 * well-behaved client would send, and whether the server closes the connection. Request bodies are built with
 * {@link JuteWriter}. Every read is bounded by the socket timeout.
 */
public final class RawClient implements AutoCloseable {
    public static final int NOTIFICATION_XID = -1;
    public static final int PING_XID = -2;
    public static final int SET_WATCHES_XID = -8;

    /** ConnectResponse: {@code timeOut <= 0} means the session is expired or unknown. */
    public record Handshake(int protocolVersion, int timeOut, long sessionId, byte[] passwd) {}

    /** One reply or notification: the ReplyHeader and the raw body after it. */
    public record Reply(int xid, long zxid, int err, byte[] body) {
        /** For a notification: WatcherEvent{int type, int state, ustring path}. */
        public Notification notification() {
            ByteBuffer b = ByteBuffer.wrap(body);
            int type = b.getInt();
            int state = b.getInt();
            return new Notification(type, state, readString(b), zxid);
        }
    }

    public record Notification(int type, int state, String path, long zxid) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<Notification> notifications = new ArrayList<>();
    private int nextXid = 1;

    public RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    // ---- encoding ----

    /** ConnectRequest{protocolVersion 0, lastZxidSeen, timeOut, sessionId, passwd, readOnly false}. */
    public static byte[] connectRequest(long lastZxidSeen, int timeoutMs, long sessionId, byte[] passwd) {
        return record().i32(0).i64(lastZxidSeen).i32(timeoutMs).i64(sessionId).buffer(passwd).bool(false).bytes();
    }

    /** A RequestHeader{xid, type} followed by a body. */
    public static byte[] request(int xid, int op, byte[] body) {
        return record().i32(xid).i32(op).raw(body).bytes();
    }

    /** Body of exists/getData/getChildren: {ustring path, boolean watch}. */
    public static byte[] pathWatch(String path, boolean watch) {
        return record().string(path).bool(watch).bytes();
    }

    /** Body of checkWatches/removeWatches {ustring path, int type} and addWatch {ustring path, int mode}. */
    public static byte[] pathInt(String path, int value) {
        return record().string(path).i32(value).bytes();
    }

    /** Body of setData: {ustring path, buffer data, int version}. */
    public static byte[] setData(String path, byte[] data, int version) {
        return record().string(path).buffer(data).i32(version).bytes();
    }

    /** Body of create with the open ACL (world:anyone, all perms): {path, data, vector<ACL>, int flags}. */
    public static byte[] create(String path, byte[] data, int flags) {
        return record().string(path).buffer(data).openAcl().i32(flags).bytes();
    }

    // ---- handshake ----

    /** Sends a ConnectRequest; returns the ConnectResponse, or null if the server closed the connection instead. */
    public Handshake connect(long lastZxidSeen, int timeoutMs, long sessionId, byte[] passwd) throws IOException {
        sendFrame(connectRequest(lastZxidSeen, timeoutMs, sessionId, passwd));
        byte[] frame = readFrameOrNull();
        if (frame == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int version = b.getInt();
        int timeout = b.getInt();
        long id = b.getLong();
        byte[] pw = new byte[b.getInt()];
        b.get(pw);
        return new Handshake(version, timeout, id, pw);
    }

    /** A new session with the given timeout; fails unless the server accepts it. */
    public Handshake connect(int timeoutMs) throws IOException {
        Handshake h = connect(0, timeoutMs, 0, new byte[16]);
        if (h == null || h.timeOut() <= 0) {
            throw new IllegalStateException("server refused a new session: " + h);
        }
        return h;
    }

    // ---- requests ----

    /** Sends a request with the next xid without waiting for its reply; returns its xid. */
    public int send(int op, byte[] body) throws IOException {
        int xid = nextXid++;
        sendFrame(request(xid, op, body));
        return xid;
    }

    /** Sends a request with the next xid and returns its reply; fails if a reply to another xid comes first. */
    public Reply call(int op, byte[] body) throws IOException {
        int xid = nextXid++;
        Reply r = call(xid, op, body);
        if (r.xid() != xid) {
            throw new IllegalStateException("reply to xid " + r.xid() + " while waiting for " + xid);
        }
        return r;
    }

    /** Sends a request with the given xid and returns the next reply, whatever its xid (see {@link #readReply}). */
    public Reply call(int xid, int op, byte[] body) throws IOException {
        sendFrame(request(xid, op, body));
        return readReply();
    }

    /** A length prefix, then the payload. */
    public void sendFrame(byte[] payload) throws IOException {
        sendRaw(record().i32(payload.length).raw(payload).bytes());
    }

    /** Bytes exactly as given, framed or not. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Half-closes: the server reads end-of-stream after what was sent. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    // ---- replies and notifications ----

    /** The next reply that is not a notification; notifications that arrive first are kept. */
    public Reply readReply() throws IOException {
        while (true) {
            Reply r = readOrNull();
            if (r == null) {
                throw new EOFException("connection closed before a reply");
            }
            if (r.xid() != NOTIFICATION_XID) {
                return r;
            }
            notifications.add(r.notification());
        }
    }

    /** Reads frames until a notification for {@code path} arrives; every notification read is kept. */
    public Notification awaitNotification(String path) throws IOException {
        for (Notification n : notifications) {
            if (n.path().equals(path)) {
                return n;
            }
        }
        while (true) {
            Reply r = readOrNull();
            if (r == null) {
                throw new EOFException("connection closed while waiting for an event on " + path);
            }
            if (r.xid() != NOTIFICATION_XID) {
                throw new IllegalStateException("unexpected reply " + r.xid());
            }
            Notification n = r.notification();
            notifications.add(n);
            if (n.path().equals(path)) {
                return n;
            }
        }
    }

    /** Every notification read so far, in order. */
    public List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    /** The next frame's payload; EOFException if the server closed the connection first. */
    public byte[] readFrame() throws IOException {
        int len = in.readInt();
        byte[] payload = new byte[len];
        in.readFully(payload);
        return payload;
    }

    private byte[] readFrameOrNull() throws IOException {
        try {
            return readFrame();
        } catch (EOFException e) {
            return null;
        }
    }

    private Reply readOrNull() throws IOException {
        byte[] frame = readFrameOrNull();
        if (frame == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        int xid = b.getInt();
        long zxid = b.getLong();
        int err = b.getInt();
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new Reply(xid, zxid, err, body);
    }

    private static String readString(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0) {
            return null;
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    // ---- the server closing the connection ----

    /**
     * Reads until the server closes the connection and returns how many bytes came before the close;
     * throws SocketTimeoutException if the connection is still open after the socket timeout.
     */
    public int bytesUntilClosed() throws IOException {
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
    public boolean closedSilently() throws IOException {
        return bytesUntilClosed() == 0;
    }

    /** True once the server has closed the connection, whatever it sent before; bounded like every read. */
    public boolean closedByServer() throws IOException {
        bytesUntilClosed();
        return true;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
