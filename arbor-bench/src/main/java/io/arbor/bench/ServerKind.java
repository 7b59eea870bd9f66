package io.arbor.bench;

import java.util.List;

/**
 * The two servers a comparison starts: what runs them (alone, or as a member of an ensemble) and which jars of the
 * bench's class path they need.
 */
public enum ServerKind {
    ZOOKEEPER("zookeeper", "ZooKeeper " + org.apache.zookeeper.Version.getFullVersion().replaceAll("[-+ ].*", ""),
            List.of("org.apache.zookeeper.server.ZooKeeperServerMain"),
            // ZooKeeperServerMain runs standalone only; QuorumPeerMain runs a member of the server.N lines
            List.of("org.apache.zookeeper.server.quorum.QuorumPeerMain"),
            // zookeeper + zookeeper-jute, and what the server needs at run time though its pom says provided
            List.of("zookeeper", "audience-annotations", "netty", "slf4j-api", "logback", "metrics-core",
                    "snappy-java", "commons-cli", "commons-io")),
    // everything on the bench's class path but ZooKeeper's own jars and the bench's: Arbor's dependencies change
    // (metrics, JSON, Ratis, ...) and a list of them here would fall behind
    ARBOR("arbor", "Arbor", List.of("io.arbor.cli.ArborCommand", "server"), List.of("io.arbor.cli.ArborCommand",
            "server"), List.of());

    /** Jars only ZooKeeper or the load generator uses; Arbor's server is started without them. */
    private static final List<String> NOT_ARBOR = List.of("zookeeper", "audience-annotations", "metrics-core",
            "snappy-java", "commons-cli", "commons-io", "arbor-bench", "test-classes");

    private final String id;
    private final String label;
    private final List<String> mainAndArgs;
    private final List<String> memberMainAndArgs;
    private final List<String> jarPrefixes;

    ServerKind(String id, String label, List<String> mainAndArgs, List<String> memberMainAndArgs,
            List<String> jarPrefixes) {
        this.id = id;
        this.label = label;
        this.mainAndArgs = mainAndArgs;
        this.memberMainAndArgs = memberMainAndArgs;
        this.jarPrefixes = jarPrefixes;
    }

    /** Lower-case name for directories and files. */
    public String id() {
        return id;
    }

    /** How the report names the server. */
    public String label() {
        return label;
    }

    /** The main class and the arguments before the zoo.cfg path. */
    public List<String> mainAndArgs() {
        return mainAndArgs;
    }

    /** The same for a member of an ensemble (a zoo.cfg with server.N lines and a myid file). */
    public List<String> memberMainAndArgs() {
        return memberMainAndArgs;
    }

    /** Whether a class path entry, named by its artifact (jar file name or module directory), belongs to it. */
    public boolean needs(String artifactName) {
        if (this == ARBOR) {
            return NOT_ARBOR.stream().noneMatch(p -> matches(artifactName, p));
        }
        return jarPrefixes.stream().anyMatch(p -> matches(artifactName, p));
    }

    private static boolean matches(String artifactName, String prefix) {
        return artifactName.equals(prefix) || artifactName.startsWith(prefix + "-");
    }
}
