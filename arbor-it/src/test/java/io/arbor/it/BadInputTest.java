package io.arbor.it;

import static io.arbor.it.JuteWriter.record;
import static io.arbor.it.RawClient.create;
import static io.arbor.it.RawClient.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.RawClient.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken input over a raw socket. After every test the server must still serve a stock
 * client, and a node created before any of it must be untouched.
 */
class BadInputTest {
    /** jute.maxbuffer's default, the largest frame the server takes. */
    private static final int MAX_BUFFER = 0xfffff;
    private static final int OK = 0;
    private static final int MARSHALLING_ERROR = -5;
    private static final int UNIMPLEMENTED = -6;
    private static final int BAD_ARGUMENTS = -8;
    private static final int NO_NODE = -101;
    private static final String CANARY = "/canary";
    private static final byte[] CANARY_DATA = "still here".getBytes(StandardCharsets.UTF_8);

    @AutoClose
    static final ArborTestServer server = ArborTestServer.start();
    static Stat canaryStat;

    @BeforeAll
    static void createCanary() throws Exception {
        try (ZooKeeper zk = server.client()) {
            zk.create(CANARY, CANARY_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            canaryStat = zk.exists(CANARY, false);
        }
    }

    @AfterEach
    void serverIsUnharmed() throws Exception {
        assertThat(FourLetterWord.send(server.port(), "ruok")).isEqualTo("imok");
        try (ZooKeeper zk = server.client()) {
            Stat stat = new Stat();
            assertThat(zk.getData(CANARY, false, stat)).isEqualTo(CANARY_DATA);
            assertThat(stat).as("canary stat").isEqualTo(canaryStat);
            String probe = zk.create("/probe-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL);
            zk.delete(probe, -1);
        }
    }

    private static RawClient connect() throws IOException {
        return new RawClient(server.port());
    }

    /** A connection past a successful handshake. */
    private static RawClient session() throws IOException {
        RawClient c = connect();
        RawClient.Handshake r = c.connect(4_000);
        assertThat(r.sessionId()).as("session id").isNotZero();
        assertThat(r.passwd()).as("password").hasSize(16);
        return c;
    }

    /** A ConnectRequest for a new session with a 4 s timeout. */
    private static byte[] connectRequest(long lastZxidSeen) {
        return RawClient.connectRequest(lastZxidSeen, 4_000, 0, new byte[16]);
    }

    private static byte[] getData(String path) {
        return RawClient.pathWatch(path, false);
    }

    /** The connection still answers: a getData of the canary on it succeeds. */
    private static void stillServes(RawClient c) throws IOException {
        Reply r = c.call(1000, OpCode.getData, getData(CANARY));
        assertThat(r.xid()).isEqualTo(1000);
        assertThat(r.err()).as("getData on the same connection").isEqualTo(OK);
    }

    // ---- frame lengths ----

    @ParameterizedTest
    @ValueSource(ints = {MAX_BUFFER + 1, Integer.MAX_VALUE, -1, -4, Integer.MIN_VALUE})
    void frameLengthOutsideZeroToMaxBufferAfterTheHandshakeClosesTheConnection(int length) throws Exception {
        try (RawClient c = session()) {
            // only the length: the server must judge it before waiting for a payload
            c.sendRaw(record().i32(length).bytes());
            assertThat(c.closedSilently()).as("closed without a reply").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX_BUFFER + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void frameLengthOutsideZeroToMaxBufferInsteadOfAHandshakeClosesTheConnection(int length) throws Exception {
        try (RawClient c = connect()) {
            c.sendRaw(record().i32(length).bytes());
            assertThat(c.closedSilently()).as("closed without a reply").isTrue();
        }
    }

    @Test
    void frameOfExactlyMaxBufferIsAccepted() throws Exception {
        int overhead = 8 + create("/big", new byte[0], 0).length;
        byte[] data = new byte[MAX_BUFFER - overhead];
        Arrays.fill(data, (byte) 'b');
        byte[] frame = request(7, OpCode.create, create("/big", data, 0));
        assertThat(frame).hasSize(MAX_BUFFER);
        try (RawClient c = session()) {
            c.sendFrame(frame);
            Reply r = c.readReply();
            assertThat(r.xid()).isEqualTo(7);
            assertThat(r.err()).as("create in a frame of jute.maxbuffer bytes").isEqualTo(OK);
        }
        try (ZooKeeper zk = server.client()) {
            assertThat(zk.exists("/big", false).getDataLength()).isEqualTo(data.length);
            zk.delete("/big", -1);
        }
    }

    // ---- truncated records ----

    @Test
    void truncatedConnectRequestClosesTheConnection() throws Exception {
        try (RawClient c = connect()) {
            c.sendFrame(Arrays.copyOf(connectRequest(0), 20));
            assertThat(c.closedSilently()).as("closed without a ConnectResponse").isTrue();
        }
    }

    @Test
    void readWhoseRecordEndsEarlyGetsMarshallingErrorAndTheConnectionStays() throws Exception {
        try (RawClient c = session()) {
            // the path claims 10 bytes, the frame holds 3 of them
            byte[] body = record().i32(10).raw("/ca".getBytes(StandardCharsets.US_ASCII)).bytes();
            Reply r = c.call(3, OpCode.getData, body);
            assertThat(r.xid()).isEqualTo(3);
            assertThat(r.err()).isEqualTo(MARSHALLING_ERROR);
            stillServes(c);
        }
    }

    @Test
    void writeWhoseRecordEndsEarlyGetsMarshallingErrorAndChangesNothing() throws Exception {
        try (RawClient c = session()) {
            byte[] cut = Arrays.copyOf(create("/truncated", new byte[] {1, 2, 3}, 0), 16);
            Reply r = c.call(4, OpCode.create, cut);
            assertThat(r.xid()).isEqualTo(4);
            assertThat(r.err()).isEqualTo(MARSHALLING_ERROR);
            stillServes(c);
        }
        try (ZooKeeper zk = server.client()) {
            assertThat(zk.exists("/truncated", false)).isNull();
        }
    }

    @Test
    void frameCutShortByAHalfCloseEndsTheConnectionQuietly() throws Exception {
        try (RawClient c = session()) {
            byte[] frame = request(5, OpCode.create, create("/half", new byte[0], 0));
            c.sendRaw(record().i32(frame.length).raw(Arrays.copyOf(frame, 10)).bytes());
            c.shutdownOutput();
            assertThat(c.closedSilently()).as("closed without a reply").isTrue();
        }
        try (ZooKeeper zk = server.client()) {
            assertThat(zk.exists("/half", false)).isNull();
        }
    }

    // ---- garbled handshakes ----

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 18, -5})
    void connectRequestWithAnImpossiblePasswordLengthClosesTheConnection(int passwdLength) throws Exception {
        byte[] connect = connectRequest(0);
        // the password's length field follows protocolVersion, lastZxidSeen, timeOut, sessionId
        byte[] garbled = record().raw(Arrays.copyOf(connect, 24)).i32(passwdLength)
                .raw(Arrays.copyOfRange(connect, 28, connect.length)).bytes();
        try (RawClient c = connect()) {
            c.sendFrame(garbled);
            assertThat(c.closedSilently()).as("closed without a ConnectResponse").isTrue();
        }
    }

    @Test
    void connectRequestFromAClientThatSawALaterZxidIsRefused() throws Exception {
        try (RawClient c = connect()) {
            c.sendFrame(connectRequest(Long.MAX_VALUE / 2));
            assertThat(c.closedSilently()).as("closed without a ConnectResponse").isTrue();
        }
    }

    @Test
    void handshakeSentOneByteAtATimeStillWorks() throws Exception {
        try (RawClient c = connect()) {
            byte[] frame = record().buffer(connectRequest(0)).bytes();
            for (byte b : frame) {
                c.sendRaw(new byte[] {b});
            }
            assertThat(c.readFrame()).as("ConnectResponse: version, timeout, session id, 16-byte password")
                    .hasSizeGreaterThanOrEqualTo(36);
            stillServes(c);
        }
    }

    // ---- requests before the handshake ----

    @Test
    void getDataBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawClient c = connect()) {
            c.sendFrame(request(1, OpCode.getData, getData(CANARY)));
            assertThat(c.closedSilently()).as("closed without a reply").isTrue();
        }
    }

    @Test
    void pingBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawClient c = connect()) {
            c.sendFrame(request(RawClient.PING_XID, OpCode.ping, new byte[0]));
            assertThat(c.closedSilently()).as("closed without a reply").isTrue();
        }
    }

    @Test
    void createBeforeTheHandshakeClosesTheConnectionAndCreatesNothing() throws Exception {
        try (RawClient c = connect()) {
            c.sendFrame(request(0, OpCode.create, create("/pre-handshake", new byte[8], 0)));
            assertThat(c.closedSilently()).as("closed without a reply").isTrue();
        }
        try (ZooKeeper zk = server.client()) {
            assertThat(zk.exists("/pre-handshake", false)).isNull();
        }
    }

    // ---- op codes no client may send ----

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 23, 99, 999, -42})
    void unknownOpCodeGetsUnimplementedThenTheConnectionCloses(int op) throws Exception {
        try (RawClient c = session()) {
            Reply r = c.call(9, op, getData(CANARY));
            assertThat(r.xid()).isEqualTo(9);
            assertThat(r.err()).isEqualTo(UNIMPLEMENTED);
            assertThat(c.bytesUntilClosed()).as("bytes after the UNIMPLEMENTED reply").isZero();
        }
    }

    @Test
    void standaloneCheckGetsUnimplementedThenTheConnectionCloses() throws Exception {
        try (RawClient c = session()) {
            Reply r = c.call(11, OpCode.check, record().string(CANARY).i32(0).bytes());
            assertThat(r.xid()).isEqualTo(11);
            assertThat(r.err()).isEqualTo(UNIMPLEMENTED);
            assertThat(c.bytesUntilClosed()).as("bytes after the UNIMPLEMENTED reply").isZero();
        }
    }

    // ---- invalid arguments ----

    @ParameterizedTest
    @ValueSource(strings = {"", "noslash", "/canary/", "/canary/.", "/canary/..", "/bad\u0000nul",
            "/bad\u0001ctl", "/bad\u007fdel", "/bad\ue000private", "/bad\ufff0special"})
    void createWithAnInvalidPathGetsBadArgumentsAndTheConnectionStays(String path) throws Exception {
        try (RawClient c = session()) {
            Reply r = c.call(12, OpCode.create, create(path, new byte[0], 0));
            assertThat(r.xid()).isEqualTo(12);
            assertThat(r.err()).as("create %s", path).isEqualTo(BAD_ARGUMENTS);
            stillServes(c);
        }
        try (ZooKeeper zk = server.client()) {
            assertThat(zk.getChildren(CANARY, false)).isEmpty();
        }
    }

    @Test
    void invalidPathUnderAMissingParentGetsNoNode() throws Exception {
        // ZooKeeper checks only for a '/' and NUL first, then looks the parent up, and validates the whole
        // path last; so the missing parent "/canary/." is reported, not the "." component
        try (RawClient c = session()) {
            Reply r = c.call(16, OpCode.create, create("/canary/./x", new byte[0], 0));
            assertThat(r.xid()).isEqualTo(16);
            assertThat(r.err()).isEqualTo(NO_NODE);
            stillServes(c);
        }
    }

    @Test
    void sequentialCreateIsValidatedWithItsSuffix() throws Exception {
        // "/seq/" is no valid path, but "/seq/0000000000" is: ZooKeeper validates a sequential path after
        // appending the suffix. The stock Java client lets a trailing '/' through for sequential modes, so
        // zk.create("/seq/", ..., PERSISTENT_SEQUENTIAL) reaches the server exactly like this.
        try (ZooKeeper zk = server.client()) {
            zk.create("/seq", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        try (RawClient c = session()) {
            Reply r = c.call(17, OpCode.create, create("/seq/", new byte[0], 2));
            assertThat(r.xid()).isEqualTo(17);
            assertThat(r.err()).as("sequential create of /seq/").isEqualTo(OK);
            assertThat(r.body()).as("CreateResponse{path}").isEqualTo(record().string("/seq/0000000000").bytes());
        }
    }

    // ---- counts and lengths that claim more than the frame holds ----

    @Test
    void aclVectorCountBeyondTheFrameGetsMarshallingError() throws Exception {
        try (RawClient c = session()) {
            byte[] body = record().string("/vector").buffer(new byte[0]).i32(Integer.MAX_VALUE)
                    .i32(31).string("world").string("anyone").i32(0).bytes();
            Reply r = c.call(13, OpCode.create, body);
            assertThat(r.xid()).isEqualTo(13);
            assertThat(r.err()).isEqualTo(MARSHALLING_ERROR);
            stillServes(c);
        }
        try (ZooKeeper zk = server.client()) {
            assertThat(zk.exists("/vector", false)).isNull();
        }
    }

    @Test
    void setAclVectorCountBeyondTheFrameGetsMarshallingError() throws Exception {
        try (RawClient c = session()) {
            byte[] body = record().string(CANARY).i32(0x10000000).i32(31).string("world").string("anyone")
                    .i32(-1).bytes();
            Reply r = c.call(14, OpCode.setACL, body);
            assertThat(r.xid()).isEqualTo(14);
            assertThat(r.err()).isEqualTo(MARSHALLING_ERROR);
            stillServes(c);
        }
    }

    @Test
    void setWatchesVectorCountBeyondTheFrameGetsMarshallingError() throws Exception {
        try (RawClient c = session()) {
            byte[] body = record().i64(0).i32(Integer.MAX_VALUE).string(CANARY).i32(0).i32(0).bytes();
            Reply r = c.call(RawClient.SET_WATCHES_XID, OpCode.setWatches, body);
            assertThat(r.xid()).isEqualTo(RawClient.SET_WATCHES_XID);
            assertThat(r.err()).isEqualTo(MARSHALLING_ERROR);
            stillServes(c);
        }
    }

    @Test
    void stringLengthBeyondTheFrameGetsMarshallingError() throws Exception {
        try (RawClient c = session()) {
            Reply r = c.call(15, OpCode.getData, record().i32(Integer.MAX_VALUE).bool(false).bytes());
            assertThat(r.xid()).isEqualTo(15);
            assertThat(r.err()).isEqualTo(MARSHALLING_ERROR);
            stillServes(c);
        }
    }
}
