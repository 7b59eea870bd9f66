package io.arbor.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each command of the shell, run once ({@code arbor cli -server ... cmd args}) against an Arbor server, and the same
 * command run by the stock zkCli of ZooKeeper 3.9.5 against the same server, after the same setup: stdout, stderr
 * and exit status must match (times, zxids and session ids aside). Each side works in a subtree of its own, made
 * its root by a chroot, so both print the same paths.
 */
class OneShotCompatTest {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    record Case(List<String> setup, String command) {
        @Override
        public String toString() {
            return (setup.isEmpty() ? "" : String.join("; ", setup) + "; then ") + command;
        }
    }

    static Case run(String command, String... setup) {
        return new Case(List.of(setup), command);
    }

    static Stream<Case> cases() {
        String[] tree = {"create /a", "create /a/b x", "create /a/c", "create /a/b/d dd", "create /e"};
        return Stream.of(
                // ls
                run("ls /"),
                run("ls /", tree),
                run("ls -s /", tree),
                run("ls -s /a/b", tree),
                run("ls -R /", tree),
                run("ls -R /a", tree),
                run("ls -R -s /a", tree),
                run("ls -w /a", tree),
                run("ls /nope"),
                run("ls -R /nope"),
                run("ls"),
                run("ls nope"),
                run("ls /a/"),
                run("ls /a//b"),
                // get
                run("get /d", "create /d hello"),
                run("get -s /d", "create /d hello"),
                run("get -b /d", "create /d hello"),
                run("get -x /d", "create /d hello"),
                run("get -x /d", "create /d", "set -b /d aGVsbG8gd29ybGQsIHRoaXMgaXMgMDEyMzQ1Njc4OSABAv8gYW5kIG1vcmU="),
                run("get /n", "create /n"),
                run("get -s /n", "create /n"),
                run("get -b /n", "create /n"),
                run("get -x /n", "create /n"),
                run("get /e", "create /e \"\""),
                run("get -x /e", "create /e \"\""),
                run("get -b /e", "create /e \"\""),
                run("get /s", "create /s \"two words\""),
                run("get -w -s /d", "create /d hello"),
                run("get /nope"),
                run("get"),
                // stat
                run("stat /a", tree),
                run("stat -w /a", tree),
                run("stat /nope"),
                run("stat -w /nope"),
                run("stat"),
                // set
                run("set /d b", "create /d a"),
                run("set -s /d b", "create /d a"),
                run("set /d b -s -v 0", "create /d a"),
                run("set -v 5 /d b", "create /d a"),
                run("get -s /d", "create /d a", "set -b /d aGVsbG8="),
                run("set /nope x"),
                run("set"),
                // create
                run("create /a"),
                run("create /a x"),
                run("get -s /a", "create /a x"),
                run("create /a y", "create /a x"),
                run("create /x/y"),
                run("create -s /a/s-", "create /a"),
                run("create -s /a/s-", "create /a", "create -s /a/s-", "create /a/z"),
                run("create -s /a/", "create /a"),
                run("create -e /eph x"),
                run("create -e -s /eph-"),
                run("create -c /box"),
                run("stat /box", "create -c /box"),
                run("create -t 60000 /ttl x"),
                run("create -t 60000 -s /ttl-"),
                run("create -c -s /box"),
                run("create -c -e /box"),
                run("create -t 10 -e /ttl"),
                run("create -t 10 -c /ttl"),
                run("create -t soon /ttl"),
                run("create /acl x world:anyone:r"),
                run("getAcl /acl", "create /acl x world:anyone:r"),
                run("getAcl /acl", "create /acl x world:anyone:rw,digest:u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=:cdrwa"),
                run("create /acl x foo:bar"),
                run("create /acl x world:anyone:zq"),
                run("getAcl /acl", "create /acl x world:anyone:zrq"),
                run("create /a/"),
                run("create"),
                // delete
                run("delete /a", tree),
                run("delete /a/c", tree),
                run("ls /a", tree[0], tree[1], tree[2], "delete /a/c"),
                run("delete -v 3 /a/c", tree),
                run("delete -v 0 /a/c", tree),
                run("delete /nope"),
                run("delete"),
                // deleteall
                run("deleteall /a", tree),
                run("ls -R /", tree[0], tree[1], tree[2], tree[3], tree[4], "deleteall /a"),
                run("deleteall /a -b 2", tree),
                run("ls /", tree[0], tree[1], tree[2], tree[3], tree[4], "deleteall /a -b 1"),
                run("deleteall /nope"),
                run("deleteall /a -b x", tree),
                run("deleteall"),
                // ACLs
                run("getAcl /a", tree),
                run("getAcl -s /a", tree),
                run("getAcl /nope"),
                run("getAcl"),
                run("setAcl /a world:anyone:r", tree),
                run("getAcl /a", tree[0], "setAcl /a world:anyone:rw"),
                run("setAcl -s /a world:anyone:cdrwa", tree),
                run("setAcl -v 7 /a world:anyone:r", tree),
                run("setAcl -s -v 0 /a world:anyone:r", tree),
                run("setAcl /ro world:anyone:cdrwa", "create /ro x world:anyone:r"),
                run("get /ro", "create /ro x world:anyone:w"),
                run("set /ro y", "create /ro x world:anyone:r"),
                run("setAcl -R /a world:anyone:r", tree),
                run("getAcl /a/b/d", tree[0], tree[1], tree[2], tree[3], "setAcl -R /a world:anyone:ra"),
                run("setAcl /nope world:anyone:r"),
                run("setAcl /a", tree),
                // the rest
                run("sync /"),
                run("sync /a", tree),
                run("getAllChildrenNumber /", tree),
                run("getAllChildrenNumber /a", tree),
                run("getAllChildrenNumber /nope"),
                run("getAllChildrenNumber"),
                run("getEphemerals"),
                run("getEphemerals /a", tree),
                run("whoami"),
                run("addWatch /a", tree),
                run("addWatch -m persistent /a", tree),
                run("addWatch -m PERSISTENT_RECURSIVE /nope"),
                run("addWatch -m sometimes /a", tree),
                run("addWatch"),
                run("removewatches /a", tree),
                run("removewatches /a -d", tree),
                run("removewatches"),
                run("config"),
                run("config -s"),
                run("config -c"),
                run("printwatches"),
                run("printwatches off"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatZkCliPrints(Case c) {
        String arborRoot = server.newRoot("arbor");
        String zkRoot = server.newRoot("zk");
        Outcome arbor;
        Outcome zk;
        try (StockZkCli zkCli = StockZkCli.separate(server.connectString() + zkRoot);
             ArborScript setup = new ArborScript(server.connectString() + arborRoot)) {
            // the setup in one session per side (the Arbor shell's commands are compared below, one-shot)
            for (String line : c.setup()) {
                int setupArbor = setup.executeLine(line);
                int setupZk = zkCli.executeLine(line);
                assertThat(setupArbor).as("setup %s: %s", line, setup.text()).isEqualTo(setupZk);
            }
            zkCli.reset();
            arbor = arborOneShot(arborRoot, c.command()).normalised();
            int exit = zkCli.executeLine(c.command());
            zk = new Outcome(zkCli.text(), zkCli.errText(), exit).normalised();
        }
        assertThat(arbor).isEqualTo(zk);
    }

    /** stdin is taken for a terminal: zkCli never reads data from stdin, so neither does the shell here. */
    private static Outcome arborOneShot(String root, String line) {
        List<String> args = new java.util.ArrayList<>(List.of("-server", server.connectString() + root,
                "-timeout", "5000"));
        args.addAll(LineTokenizer.split(line));
        return ArborCli.run(new byte[0], true, args.toArray(String[]::new));
    }
}
