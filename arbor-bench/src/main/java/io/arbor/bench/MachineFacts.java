package io.arbor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The report header: the machine, the JDK, the disk under the data directories, and how the bench was run. */
public final class MachineFacts {
    private MachineFacts() {
    }

    public static Map<String, String> collect(BenchSettings s, Path repoRoot) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Date", ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        f.put("Git commit", gitCommit(repoRoot).orElse("unknown"));
        f.put("Mode", s.quick() ? "quick: counts scaled down (" + scale(s.scale()) + "), short windows, "
                + s.rounds() + " round(s)" : "full (" + scale(s.scale()) + ")");
        f.put("CPU", Runtime.getRuntime().availableProcessors() + " cores (availableProcessors)"
                + cpuModel().map(m -> ", " + m).orElse(""));
        f.put("Memory", memTotal().orElse("unknown") + " (MemTotal)");
        f.put("JDK", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")");
        f.put("Load average at start", loadAverage().orElse("unknown"));
        f.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + osRelease().map(r -> ", " + r).orElse(""));
        if (s.compare() && s.ensemble()) {
            int n = s.ensembleSize();
            f.put("Data directories", s.dataParent() + " on " + disk(s.dataParent()));
            f.put("fsync", "on: forceSync=yes for every member of both ensembles (a write is answered once a quorum"
                    + " has it on disk)");
            f.put("Servers", "a " + n + "-server ensemble of each: Apache " + ServerKind.ZOOKEEPER.label()
                    + " (QuorumPeerMain) and Arbor (arbor server), every member in its own JVM with "
                    + String.join(" ", s.serverJvmFlags()) + ", all on this machine; the same zoo.cfg (tickTime=2000,"
                    + " initLimit=10, syncLimit=5, maxClientCnxns=0, forceSync=yes, server.1.." + n + " on loopback"
                    + " ports, myid in each data directory), logging at WARN; one ensemble at a time, started fresh"
                    + " (new JVMs, new data directories) "
                    + (s.oneServerPerRound() ? "once per round, the workloads running one after another on it (quick:"
                            + " an ensemble takes longer to start than a quick workload to run)" : "for every run")
                    + ", measured once one member reports leader and the others follower (srvr) and each serves a"
                    + " session");
            f.put("Rounds", s.rounds() + " per workload, alternating: ZooKeeper, Arbor"
                    + (s.rounds() > 1 ? ", ZooKeeper, Arbor" + (s.rounds() > 2 ? ", ..." : "") : ""));
        } else if (s.compare()) {
            f.put("Data directories", s.dataParent() + " on " + disk(s.dataParent()));
            f.put("fsync", "on: forceSync=yes for both servers (a write is answered once it is on disk)");
            f.put("Servers", "Apache " + ServerKind.ZOOKEEPER.label() + " (ZooKeeperServerMain) and Arbor (arbor"
                    + " server), each in its own JVM with " + String.join(" ", s.serverJvmFlags())
                    + ", the same zoo.cfg (tickTime=2000, maxClientCnxns=0, forceSync=yes), logging at WARN;"
                    + " one server at a time, started fresh (new JVM, new data directory) for every run");
            f.put("Rounds", s.rounds() + " per workload, alternating: ZooKeeper, Arbor"
                    + (s.rounds() > 1 ? ", ZooKeeper, Arbor" + (s.rounds() > 2 ? ", ..." : "") : ""));
        } else {
            f.put("Target", s.target() + " (a running server; one column, no ratio)");
            f.put("Rounds", Integer.toString(s.rounds()));
        }
        f.put("Load", "stock ZooKeeper " + org.apache.zookeeper.Version.getFullVersion().replaceAll("[-+ ].*", "")
                + " Java client, async API, in the bench's JVM: S=" + s.sessions() + " sessions, W=" + s.inflight()
                + " requests in flight each"
                + (s.compare() && s.ensemble() ? "; session i is pinned to member i mod " + s.ensembleSize()
                        + " (its connect string names that member only): writes go through it to the leader, reads"
                        + " are answered by it" : ""));
        f.put("Windows", "warm-up " + seconds(s.warmup()) + ", measuring " + seconds(s.measure()));
        return f;
    }

    /** "0.52 0.40 0.31 (1, 5, 15 min)" from /proc/loadavg: other work on the machine skews every number. */
    public static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String scale(Scale sc) {
        return String.format(Locale.ROOT, "%,d znodes under %,d parents, %,d idle sessions, %d watchers",
                sc.znodes(), sc.parents(), sc.idleSessions(), sc.watchers());
    }

    private static String seconds(java.time.Duration d) {
        return (d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0))
                + " s";
    }

    static Optional<String> memTotal() {
        return grep(Path.of("/proc/meminfo"), "MemTotal:").map(v -> {
            String[] p = v.trim().split("\\s+");
            long kb = Long.parseLong(p[0]);
            return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        });
    }

    private static Optional<String> cpuModel() {
        return grep(Path.of("/proc/cpuinfo"), "model name").map(v -> v.replaceFirst("^\\s*:\\s*", "").trim());
    }

    private static Optional<String> osRelease() {
        return grep(Path.of("/etc/os-release"), "PRETTY_NAME=").map(v -> v.replace("\"", "").trim());
    }

    private static Optional<String> grep(Path file, String prefix) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length())).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "/dev/vda (ext4, mounted on /, rw,relatime,...)" from df -T and /proc/mounts. */
    static String disk(Path dir) {
        try {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            String out = run(List.of("df", "-P", "-T", String.valueOf(existing)));
            String[] lines = out.strip().split("\n");
            String[] f = lines[lines.length - 1].trim().split("\\s+");
            String device = f[0];
            String type = f[1];
            String mountPoint = f[f.length - 1];
            String options = Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .map(l -> l.split("\\s+")).filter(m -> m.length > 3 && m[1].equals(mountPoint))
                    .reduce((a, b) -> b).map(m -> ", " + m[3]).orElse("");
            return device + " (" + type + ", mounted on " + mountPoint + options + ")";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static Optional<String> gitCommit(Path repoRoot) {
        try {
            String head = run(List.of("git", "-C", repoRoot.toString(), "rev-parse", "--short", "HEAD")).trim();
            String dirty = run(List.of("git", "-C", repoRoot.toString(), "status", "--porcelain",
                    "--untracked-files=no")).trim();
            return Optional.of(head + (dirty.isEmpty() ? "" : " (with uncommitted changes)"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
