package io.arbor.bench;

import java.util.List;

/** The two servers a comparison starts: what runs them and which jars of the bench's class path they need. */
public enum ServerKind {
    ZOOKEEPER("zookeeper", "ZooKeeper " + org.apache.zookeeper.Version.getFullVersion().replaceAll("[-+ ].*", ""),
            List.of("org.apache.zookeeper.server.ZooKeeperServerMain"),
            // zookeeper + zookeeper-jute, and what the server needs at run time though its pom says provided
            List.of("zookeeper", "audience-annotations", "netty", "slf4j-api", "logback", "metrics-core",
                    "snappy-java", "commons-cli", "commons-io")),
    ARBOR("arbor", "Arbor", List.of("io.arbor.cli.ArborCommand", "server"),
            List.of("arbor-cli", "arbor-server", "arbor-protocol", "netty", "slf4j-api", "logback", "picocli"));

    private final String id;
    private final String label;
    private final List<String> mainAndArgs;
    private final List<String> jarPrefixes;

    ServerKind(String id, String label, List<String> mainAndArgs, List<String> jarPrefixes) {
        this.id = id;
        this.label = label;
        this.mainAndArgs = mainAndArgs;
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

    /** Whether a class path entry, named by its artifact (jar file name or module directory), belongs to it. */
    public boolean needs(String artifactName) {
        return jarPrefixes.stream().anyMatch(p -> artifactName.equals(p) || artifactName.startsWith(p + "-"));
    }
}
