package io.arbor.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A session handshake spoken directly (ConnectRequest, ConnectResponse, then closeSession): tells whether the server
 * would give a new client a session right now. Readiness uses it before the real client, because a stock client whose
 * first connection is dropped (as ZooKeeper does while it loads its data) waits up to two seconds before it tries
 * again, which would be counted as the server's start-up time.
 */
final class Handshake {
    private static final int CLOSE_SESSION = -11;

    private Handshake() {
    }

    /** How a handshake ended. */
    enum Outcome {
        /** A session was established (and closed again). */
        ESTABLISHED,
        /** Refused, closed, or answered with no session. */
        FAILED,
        /** No answer in time. */
        TIMED_OUT
    }

    static Outcome attempt(String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.writeInt(45); // protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (4 + 16), readOnly
            out.writeInt(0);
            out.writeLong(0);
            out.writeInt(Clients.SESSION_TIMEOUT_MS);
            out.writeLong(0);
            out.writeInt(16);
            out.write(new byte[16]);
            out.writeBoolean(false);
            out.flush();
            int length = in.readInt();
            if (length < 16 || length > 1024) {
                return Outcome.FAILED;
            }
            byte[] body = new byte[length];
            in.readFully(body);
            int negotiatedTimeout = ((body[4] & 0xff) << 24) | ((body[5] & 0xff) << 16) | ((body[6] & 0xff) << 8)
                    | (body[7] & 0xff);
            if (negotiatedTimeout <= 0) {
                return Outcome.FAILED; // a refused session
            }
            out.writeInt(8);
            out.writeInt(1);
            out.writeInt(CLOSE_SESSION);
            out.flush();
            in.readInt(); // the close's reply: the session is gone either way once the socket closes
            return Outcome.ESTABLISHED;
        } catch (java.net.SocketTimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (IOException e) {
            return Outcome.FAILED;
        }
    }
}
