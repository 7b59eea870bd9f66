package io.arbor.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare-bones ZooKeeper wire client on a plain socket, for what the stock client hides: the exact frames the
 * server sends (notifications, error codes of checkWatches/removeWatches) and handshakes the stock client would
 * never send. Jute encoding: big-endian ints and longs, strings and buffers as an int length then bytes.
 */
public final class RawClient implements AutoCloseable {
    public static final int NOTIFICATION_XID = -1;

    /** ConnectResponse: {@code timeOut <= 0} means the session is expired or unknown. */
    public record Handshake(int protocolVersion, int timeOut, long sessionId, byte[] passwd) {}

    /** One reply or notification: the ReplyHeader and the raw body after it. */
    public record Reply(int xid, long zxid, int err, byte[] body) {
        /** For a notification: WatcherEvent{int type, int state, ustring path}. */
        public Notification notification() {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
                int type = in.readInt();
                int state = in.readInt();
                return new Notification(type, state, readString(in), zxid);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public record Notification(int type, int state, String path, long zxid) {}

    /** Writes a request body field by field. */
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final List<Notification> notifications = new ArrayList<>();
    private int nextXid = 1;

    public RawClient(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a ConnectRequest; returns the ConnectResponse, or null if the server closed the connection instead. */
    public Handshake connect(long lastZxidSeen, int timeoutMs, long sessionId, byte[] passwd) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream req = new DataOutputStream(buf);
        req.writeInt(0);
        req.writeLong(lastZxidSeen);
        req.writeInt(timeoutMs);
        req.writeLong(sessionId);
        req.writeInt(passwd.length);
        req.write(passwd);
        req.writeBoolean(false);
        writeFrame(buf.toByteArray());
        byte[] frame = readFrame();
        if (frame == null) {
            return null;
        }
        DataInputStream r = new DataInputStream(new ByteArrayInputStream(frame));
        int version = r.readInt();
        int timeout = r.readInt();
        long id = r.readLong();
        byte[] pw = new byte[r.readInt()];
        r.readFully(pw);
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

    /** Sends a request without waiting for its reply; returns its xid. */
    public int send(int op, Body body) throws IOException {
        int xid = nextXid++;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream req = new DataOutputStream(buf);
        req.writeInt(xid);
        req.writeInt(op);
        body.write(req);
        writeFrame(buf.toByteArray());
        return xid;
    }

    /** Sends a request and returns its reply; notifications that arrive first are kept in {@link #notifications}. */
    public Reply call(int op, Body body) throws IOException {
        int xid = send(op, body);
        while (true) {
            Reply r = read();
            if (r == null) {
                throw new EOFException("connection closed before the reply to xid " + xid);
            }
            if (r.xid() == NOTIFICATION_XID) {
                notifications.add(r.notification());
            } else if (r.xid() == xid) {
                return r;
            } else {
                throw new IllegalStateException("reply to xid " + r.xid() + " while waiting for " + xid);
            }
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
            Reply r = read();
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

    private Reply read() throws IOException {
        byte[] frame = readFrame();
        if (frame == null) {
            return null;
        }
        DataInputStream r = new DataInputStream(new ByteArrayInputStream(frame));
        int xid = r.readInt();
        long zxid = r.readLong();
        int err = r.readInt();
        return new Reply(xid, zxid, err, r.readAllBytes());
    }

    /** The next length-prefixed frame, or null if the server closed the connection before sending one. */
    private byte[] readFrame() throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        byte[] frame = new byte[len];
        in.readFully(frame);
        return frame;
    }

    private void writeFrame(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Jute ustring. */
    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Body of exists/getData/getChildren: {ustring path, boolean watch}. */
    public static Body pathWatch(String path, boolean watch) {
        return out -> {
            writeString(out, path);
            out.writeBoolean(watch);
        };
    }

    /** Body of setData: {ustring path, buffer data, int version}. */
    public static Body setData(String path, byte[] data, int version) {
        return out -> {
            writeString(out, path);
            out.writeInt(data.length);
            out.write(data);
            out.writeInt(version);
        };
    }

    /** Body of create with the open ACL (world:anyone, all perms): {path, data, vector<ACL>, int flags}. */
    public static Body create(String path, int flags) {
        return out -> {
            writeString(out, path);
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(31);
            writeString(out, "world");
            writeString(out, "anyone");
            out.writeInt(flags);
        };
    }

    /** True once the server has closed the connection (reads until end of stream, dropping what comes). */
    public boolean closedByServer() throws IOException {
        while (true) {
            Reply r = read();
            if (r == null) {
                return true;
            }
            if (r.xid() == NOTIFICATION_XID) {
                notifications.add(r.notification());
            }
        }
    }

    /** Body of checkWatches/removeWatches {ustring path, int type} and addWatch {ustring path, int mode}. */
    public static Body pathInt(String path, int value) {
        return out -> {
            writeString(out, path);
            out.writeInt(value);
        };
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
