package io.arbor.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions of several commands typed one after the other, in the Arbor shell and in the stock zkCli, against the
 * same server: watches and the events they print, printwatches, history and redo, ephemerals, auth, close and
 * connect. Compared step by step; for a step that fires events, its events (in order) and the rest of its output
 * are compared apart, as zkCli prints an event from another thread, between the lines of a command's output.
 */
class SessionCompatTest {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /**
     * A line typed at the prompt, how many watch events it makes the shell print, and whether the exit status is
     * compared (the shell fails a command refused with "Not connected", which zkCli counts as a success).
     */
    record Step(String line, int events, boolean sameStatus) {}

    static Step type(String line) {
        return new Step(line, 0, true);
    }

    static Step fires(int events, String line) {
        return new Step(line, events, true);
    }

    static Step notConnected(String line) {
        return new Step(line, 0, false);
    }

    @Test
    void oneShotWatchesPrintTheirEvents() {
        compare(type("create /w x"),
                type("get -w /w"),
                fires(1, "set /w y"),
                type("ls -w /w"),
                fires(1, "create /w/c"),
                type("stat -w /w/c"),
                fires(1, "delete /w/c"),
                type("stat -w /later"),
                fires(1, "create /later"),
                type("get -s -w /w"),
                type("get -w /w"),
                fires(1, "set /w z"),
                type("ls -s -w /w"),
                fires(1, "create /w/d x"),
                type("ls -R -w /w"),
                fires(1, "set /w again"),
                fires(1, "create /w/d/e"),
                type("delete /w/d/e"),
                fires(1, "delete /w/d"));
    }

    @Test
    void persistentWatchesAndTheirRemoval() {
        compare(type("create /p"),
                type("addWatch /p"),
                fires(1, "create /p/q"),
                fires(1, "set /p/q z"),
                fires(1, "create /p/q/r"),
                fires(1, "delete /p/q/r"),
                fires(1, "removewatches /p"),
                type("set /p/q again"),
                type("removewatches /p -d"),
                type("addWatch -m persistent /p"),
                fires(1, "create /p/s"),
                fires(1, "set /p x"),
                fires(1, "removewatches /p -a"),
                type("get -w /p"),
                fires(1, "removewatches /p -d"),
                type("ls -w /p"),
                fires(1, "removewatches /p -c"),
                type("removewatches /p -c"));
    }

    @Test
    void printwatchesOffSilencesEvents() {
        compare(type("create /w x"),
                type("printwatches"),
                type("printwatches off"),
                type("printwatches"),
                type("get -w /w"),
                type("set /w y"),
                type("printwatches on"),
                type("printwatches"),
                type("get -w /w"),
                // one event only: the one of this set, not the one silenced above
                fires(1, "set /w z"));
    }

    @Test
    void historyAndRedo() {
        compare(type("create /h x"),
                type("get /h"),
                type("set /h y"),
                type("history"),
                type("redo 1"),
                type("history"),
                type("redo 4"),
                type("redo 99"),
                type("redo -1"),
                type("ls /"),
                type("history"));
    }

    /**
     * Without a chroot: under one, the stock client prints the server's paths, chroot included, where the Arbor
     * client strips it (see ShellTest).
     */
    @Test
    void ephemeralsOfTheSession() {
        compareUnchrooted(type("create {root}/e"),
                type("create -e {root}/e/one x"),
                type("create -e -s {root}/e/seq-"),
                type("getEphemerals"),
                type("getEphemerals {root}/e/o"),
                type("getEphemerals {root}/nothing"),
                type("stat {root}/e/one"),
                type("create {root}/e/one/child"),
                type("ls {root}/e"));
    }

    @Test
    void authAndAcls() {
        compare(type("addauth digest alice:secret"),
                type("whoami"),
                type("create /s x auth::cdrwa"),
                type("getAcl /s"),
                type("get /s"),
                type("create /open x digest:bob:YoJ5XOG1LGP8AqQUGXQ+ZI+Z0eA=:r"),
                type("get /open"),
                type("getAcl /open"),
                type("setAcl /open world:anyone:r"));
    }

    @Test
    void closeThenConnect() {
        compare(type("create /c x"),
                type("create -e /c/eph"),
                fires(1, "close"),
                notConnected("ls /"),
                notConnected("get /c"),
                notConnected("close"),
                fires(1, "connect {connectString}"),
                type("ls /c"),
                type("get /c"));
    }

    @Test
    void unknownCommandsAndMisuse() {
        // the command list zkCli prints for an unknown command is its own (quotas, reconfig): compared apart
        compare(type("create /u x"),
                type("set /u"),
                type("get"),
                type("create -t 1 -s"),
                type("ls /u"));
    }

    /** Each side chrooted in a new subtree of its own. */
    private static void compare(Step... steps) {
        String arborCs = server.connectString() + server.newRoot("arbor");
        String zkCs = server.connectString() + server.newRoot("zk");
        compare(arborCs, "", zkCs, "", steps);
    }

    /** Each side in a new subtree of its own, named by {root} in the steps, without a chroot. */
    private static void compareUnchrooted(Step... steps) {
        compare(server.connectString(), server.newRoot("arbor"), server.connectString(), server.newRoot("zk"), steps);
    }

    private static void compare(String arborCs, String arborRoot, String zkCs, String zkRoot, Step... steps) {
        List<String> arbor;
        List<String> zk;
        try (ArborScript shell = new ArborScript(arborCs)) {
            arbor = run(List.of(steps), arborCs, arborRoot, shell::reset, shell::executeLine, shell::text);
        }
        try (StockZkCli zkCli = StockZkCli.merged(zkCs)) {
            zk = run(List.of(steps), zkCs, zkRoot, zkCli::reset, zkCli::executeLine, zkCli::text);
        }
        for (int i = 0; i < steps.length; i++) {
            String a = arbor.get(i).replace(arborRoot.isEmpty() ? "\0" : arborRoot, "{root}");
            String z = zk.get(i).replace(zkRoot.isEmpty() ? "\0" : zkRoot, "{root}");
            if (!steps[i].sameStatus()) {
                a = a.substring(a.indexOf('\n'));
                z = z.substring(z.indexOf('\n'));
            }
            assertThat(a).as("after '%s' (step %d)", steps[i].line(), i).isEqualTo(z);
        }
    }

    private static List<String> run(List<Step> steps, String connectString, String root, Runnable reset,
                                    java.util.function.ToIntFunction<String> execute, Supplier<String> text) {
        List<String> outputs = new ArrayList<>();
        for (Step step : steps) {
            reset.run();
            int exit = execute.applyAsInt(step.line().replace("{connectString}", connectString)
                    .replace("{root}", root));
            try {
                Poll.upTo(Duration.ofSeconds(5)).until(() -> Normalise.events(text.get()).size() >= step.events());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(connectString + ": " + step.events() + " events expected after '"
                        + step.line() + "', output: " + text.get(), e);
            }
            String output = text.get();
            IntFunction<String> status = e -> "exit " + e + "\n";
            outputs.add(step.events() == 0 ? status.apply(exit) + Normalise.text(output)
                    : status.apply(exit) + Normalise.events(output) + "\n" + Normalise.withoutEvents(output));
        }
        return outputs;
    }
}
