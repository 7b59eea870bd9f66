package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/arbor log-dump FILE} on a segment a real server wrote, as an operator runs it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogDumpTest {
    private static final Path BIN = Path.of("..", "bin", "arbor").toAbsolutePath().normalize();
    private static final String ISO_TIME = "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z)";
    private static final String OPEN = "acl=\\[world:anyone:cdrwa\\]";

    @TempDir
    static Path dir;

    private Path segment;
    private Instant writtenFrom;
    private Instant writtenTo;
    private String session;
    private String create;
    private String setData;
    private String sequential;
    private String ephemeral;
    private String multi;
    private String delete;
    private String sequentialPath;

    /** One server run writes every kind of txn into one segment; the tests dump it or copies of it. */
    @BeforeAll
    void writeALog() throws Exception {
        Path dataDir = dir.resolve("data");
        writtenFrom = Instant.now().minusSeconds(1);
        ArborTestServer server = ArborTestServer.start(dataDir, "");
        try {
            ZooKeeper zk = server.client();
            session = hex(zk.getSessionId());
            Stat stat = new Stat();
            zk.create("/dump", bytes("hello"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
            create = hex(stat.getCzxid());
            setData = hex(zk.setData("/dump", bytes("world"), 0).getMzxid());
            sequentialPath = zk.create("/dump/seq-", bytes("s"), ZooDefs.Ids.READ_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL, stat);
            sequential = hex(stat.getCzxid());
            zk.create("/dump/eph", new byte[] {0, 1, 2}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
            ephemeral = hex(stat.getCzxid());
            zk.multi(List.of(Op.create("/dump/m1", bytes("m"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.check("/dump", 1), Op.setData("/dump", bytes("again"), 1)));
            multi = hex(zk.exists("/dump/m1", false).getCzxid());
            zk.delete("/dump/m1", -1);
            delete = hex(zk.exists("/dump", false).getPzxid());
            zk.close();
        } finally {
            server.close();
        }
        writtenTo = Instant.now().plusSeconds(1);
        List<Path> segments = SegmentLayout.segments(dataDir);
        assertThat(segments).hasSize(1);
        segment = segments.get(0);
    }

    @Test
    void printsEveryTxnOnALineWithZxidTimeSessionTypePathAndSummary() throws Exception {
        ChildProcess.Result r = dump(segment);
        assertThat(r.exitCode()).as(r.output()).isZero();
        System.out.println(r.output()); // what an operator sees, for whoever reads the test output
        List<String> lines = r.output().lines().toList();
        assertThat(lines.get(0)).isEqualTo(segment + ": Arbor txn log, format version 1, first zxid 0x1");

        String s = " session " + session + " cxid \\d+ ";
        assertLine(lines, "0x[0-9a-f]+ " + ISO_TIME + s + "createSession timeout=\\d+ms");
        assertLine(lines, create + " " + ISO_TIME + s + "create /dump data=5B \"hello\" " + OPEN
                + " persistent parentCversion=1");
        assertLine(lines, setData + " " + ISO_TIME + s + "setData /dump data=5B \"world\" version=1");
        assertLine(lines, sequential + " " + ISO_TIME + s + "create " + Pattern.quote(sequentialPath)
                + " data=1B \"s\" acl=\\[world:anyone:r\\] persistent parentCversion=1");
        assertLine(lines, ephemeral + " " + ISO_TIME + s + "create /dump/eph data=3B " + OPEN + " ephemeralOwner="
                + session + " parentCversion=2");
        int multiAt = assertLine(lines, multi + " " + ISO_TIME + s + "multi 3 ops");
        assertThat(lines.subList(multiAt + 1, multiAt + 4)).containsExactly(
                "    create /dump/m1 data=1B \"m\" acl=[world:anyone:cdrwa] persistent parentCversion=3",
                "    check /dump version=1",
                "    setData /dump data=5B \"again\" version=2");
        assertLine(lines, delete + " " + ISO_TIME + s + "delete /dump/m1");
        assertLine(lines, "0x[0-9a-f]+ " + ISO_TIME + s + "closeSession ephemerals=1 /dump/eph");

        long txns = lines.stream().filter(l -> l.startsWith("0x")).count();
        assertThat(txns).isEqualTo(8);
        SegmentLayout layout = SegmentLayout.of(segment);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("8 txns; ended cleanly at offset " + layout.dataEnd()
                + " (zero padding to " + Files.size(segment) + ")");
    }

    @Test
    void aTornTailIsReportedWithItsOffsetAfterTheRecordsBeforeIt() throws Exception {
        Path torn = copy("torn");
        SegmentLayout layout = SegmentLayout.of(torn);
        try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            ch.truncate(layout.dataEnd() - 3);
        }
        ChildProcess.Result r = dump(torn);
        assertThat(r.exitCode()).as(r.output()).isZero();
        List<String> lines = r.output().lines().toList();
        assertThat(lines).noneMatch(l -> l.contains("closeSession")); // the last record, torn
        assertThat(lines.get(lines.size() - 1)).startsWith("7 txns; torn tail at offset " + layout.lastRecordOffset()
                + " (record of ");
        assertThat(Files.size(torn)).as("the dump changes nothing").isEqualTo(layout.dataEnd() - 3);
    }

    @Test
    void aCorruptRecordBeforeGoodDataFailsNamingTheOffset() throws Exception {
        Path garbled = copy("garbled");
        SegmentLayout layout = SegmentLayout.of(garbled);
        long bad = layout.recordOffsets().get(3);
        try (FileChannel ch = FileChannel.open(garbled, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = bad + SegmentLayout.RECORD_HEADER_BYTES + 1;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            ch.write(b.put(0, (byte) ~b.get(0)).rewind(), at);
        }
        ChildProcess.Result r = dump(garbled);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("3 txns; corrupt record at offset " + bad + ": checksum mismatch, and data"
                + " follows it").contains(garbled + " is corrupt at byte offset " + bad);
    }

    @Test
    void aFileThatIsNotAnArborLogIsRefusedWithAClearMessage() throws Exception {
        Path text = dir.resolve("zoo.cfg");
        Files.writeString(text, "tickTime=2000\ndataDir=/var/lib/zookeeper\n");
        ChildProcess.Result r = dump(text);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output().strip()).isEqualTo("arbor log-dump: " + text + " is not an Arbor txn log segment"
                + " (it does not start with the magic \"ARBL\")");

        ChildProcess.Result missing = dump(dir.resolve("log.404"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).contains("cannot read " + dir.resolve("log.404"));
    }

    private ChildProcess.Result dump(Path file) throws Exception {
        return ChildProcess.run(List.of(BIN.toString(), "log-dump", file.toString()), Duration.ofSeconds(120));
    }

    private Path copy(String name) throws Exception {
        Path copy = dir.resolve(name).resolve(segment.getFileName());
        Files.createDirectories(copy.getParent());
        return Files.copy(segment, copy);
    }

    /** The index of the one line matching {@code regex}, whose time must fall within the writes. */
    private int assertLine(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = p.matcher(lines.get(i));
            if (m.matches()) {
                assertThat(found).as("one line matches " + regex).isEqualTo(-1);
                found = i;
                Instant time = Instant.parse(m.group(1));
                assertThat(time).isBetween(writtenFrom, writtenTo);
            }
        }
        assertThat(found).as("a line matching " + regex + " in\n" + String.join("\n", lines)).isNotEqualTo(-1);
        return found;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
