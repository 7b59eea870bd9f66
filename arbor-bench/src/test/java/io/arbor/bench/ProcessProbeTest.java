package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a process's memory and CPU from /proc and jcmd. */
class ProcessProbeTest {
    @Test
    void cpuTicksAreUtimePlusStimeEvenWithSpacesInTheCommandName() {
        String stat = "1234 (java (my) thing) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 1000 "
                + "3000000 5000 18446744073709551615";
        assertThat(ProcessProbe.parseCpuTicks(stat)).isEqualTo(325);
    }

    @Test
    void heapUsedComesFromTheSummaryLine() throws Exception {
        String g1 = "12345:\n garbage-first heap   total 1048576K, used 23456K [0x00000000c0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n";
        assertThat(ProcessProbe.parseHeapUsed(g1)).isEqualTo(23456L * 1024);
        String serial = "1:\n def new generation   total 9792K, used 1000K [0x1, 0x2, 0x3)\n"
                + " tenured generation   total 21888K, used 2000K [0x4, 0x5, 0x6)\n";
        assertThat(ProcessProbe.parseHeapUsed(serial)).isEqualTo(3000L * 1024);
    }

    @Test
    void probesALiveProcess() throws Exception {
        long self = ProcessHandle.current().pid();
        ProcessProbe.Memory m = ProcessProbe.Memory.of(self);

        assertThat(m.rssBytes()).isPositive();
        assertThat(m.heapBytes()).isPositive().isLessThan(Runtime.getRuntime().maxMemory());
        assertThat(ProcessProbe.cpuTicks(self)).isPositive();
        assertThat(ProcessProbe.ticksPerSecond()).isPositive();
    }
}
