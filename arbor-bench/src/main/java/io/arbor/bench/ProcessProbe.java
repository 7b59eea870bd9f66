package io.arbor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server process seen from outside: resident memory and CPU time from /proc, heap after a full GC from jcmd. */
public final class ProcessProbe {
    private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+)\\s+kB", Pattern.MULTILINE);
    /** GC.heap_info's summary line, e.g. "garbage-first heap   total 1048576K, used 23456K [...". */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    private static final Pattern GENERATION_USED = Pattern.compile("total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    private ProcessProbe() {
    }

    /** Resident set size in bytes (VmRSS of /proc/pid/status). */
    public static long rssBytes(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Matcher m = VM_RSS.matcher(status);
        if (!m.find()) {
            throw new IOException("no VmRSS in /proc/" + pid + "/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** User plus system CPU time of the process so far, in clock ticks (utime + stime of /proc/pid/stat). */
    public static long cpuTicks(long pid) throws IOException {
        return parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    static long parseCpuTicks(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Clock ticks per second (USER_HZ), as /proc counts CPU time. */
    public static long ticksPerSecond() {
        try {
            String out = run(List.of("getconf", "CLK_TCK"), 10).trim();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100; // what Linux uses on every common architecture
        }
    }

    /** Heap used (bytes) right after a full GC: {@code jcmd pid GC.run}, then {@code jcmd pid GC.heap_info}. */
    public static long heapUsedAfterFullGc(long pid) throws IOException {
        String jcmd = jcmd();
        run(List.of(jcmd, Long.toString(pid), "GC.run"), 120);
        return parseHeapUsed(run(List.of(jcmd, Long.toString(pid), "GC.heap_info"), 60));
    }

    static long parseHeapUsed(String heapInfo) throws IOException {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (m.find()) {
            return Long.parseLong(m.group(2)) * 1024;
        }
        // Collectors that print one line per generation (Serial, Parallel): add them up.
        Matcher g = GENERATION_USED.matcher(heapInfo);
        long used = 0;
        boolean any = false;
        while (g.find()) {
            used += Long.parseLong(g.group(2)) * 1024;
            any = true;
        }
        if (!any) {
            throw new IOException("cannot read the heap's use from GC.heap_info:\n" + heapInfo);
        }
        return used;
    }

    private static String jcmd() {
        Path inJdk = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(inJdk) ? inJdk.toString() : "jcmd";
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + cmd, e);
        }
    }

    /** RSS and heap after a full GC of one process at one moment. */
    public record Memory(long rssBytes, long heapBytes) {
        public static Memory of(long pid) throws IOException {
            long heap = heapUsedAfterFullGc(pid);
            return new Memory(ProcessProbe.rssBytes(pid), heap);
        }
    }
}
