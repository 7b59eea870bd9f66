package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The zoo.cfg an ensemble's members get, the ports they are given, and how their logs are read. */
class EnsembleConfigTest {
    @Test
    void aMembersZooCfgHasTheSharedLinesTheLimitsAndEveryServerLine() {
        String lines = ServerProcess.serverLine(1, 5001, 5002, 5003) + ServerProcess.serverLine(2, 5011, 5012, 5013)
                + ServerProcess.serverLine(3, 5021, 5022, 5023);
        String cfg = ServerProcess.memberCfg(Path.of("/d/s2"), new ServerProcess.Member(2, 5013, lines));

        assertThat(cfg).contains("tickTime=2000\n", "dataDir=/d/s2\n", "forceSync=yes\n", "maxClientCnxns=0\n",
                "initLimit=10\n", "syncLimit=5\n", "4lw.commands.whitelist=*\n",
                "server.1=127.0.0.1:5001:5002;127.0.0.1:5003\n", "server.3=127.0.0.1:5021:5022;127.0.0.1:5023\n");
        assertThat(cfg).as("the server.N line carries the client address").doesNotContain("clientPort");
        String standalone = ServerProcess.zooCfg(Path.of("/d/x"), 2181);
        assertThat(cfg).as("what a standalone server gets too").contains(standalone.lines()
                .filter(l -> !l.startsWith("clientPort") && !l.startsWith("dataDir")).toArray(String[]::new));
    }

    @Test
    void freePortsAreDistinct() throws Exception {
        int[] ports = ServerProcess.freePorts(9);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(9);
    }

    @Test
    void logLevelsAreReadFromTheServersPattern() {
        assertThat(Ensemble.level("07:28:56.134 WARN  [arbor-ensemble] EnsembleMember - Not serving")).hasValue(
                "WARN");
        assertThat(Ensemble.level("07:28:56.134 ERROR [main] X - y")).hasValue("ERROR");
        assertThat(Ensemble.level("# bench: ready 10.177 s after launch")).isEmpty();
        assertThat(Ensemble.level("\tat io.arbor.Foo.bar(Foo.java:1)")).isEmpty();
    }
}
