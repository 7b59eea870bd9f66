package io.arbor.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class paths the two servers are started with, picked out of the bench's own class path (bin/arbor runs it with
 * target/lib/*, which holds arbor-cli and its libraries as well as ZooKeeper and what its server needs), so that each
 * server sees only its own jars.
 */
public final class ServerClasspath {
    private ServerClasspath() {
    }

    public static String of(ServerKind kind) {
        List<String> picked = new ArrayList<>();
        for (Path entry : benchClasspath()) {
            if (kind.needs(artifactName(entry))) {
                picked.add(entry.toString());
            }
        }
        if (picked.isEmpty()) {
            throw new IllegalStateException("no jar for " + kind.label() + " on the class path " + benchClasspath());
        }
        return String.join(File.pathSeparator, picked);
    }

    /** The bench's class path, with a manifest-only jar (as surefire uses) opened up. */
    public static List<Path> benchClasspath() {
        LinkedHashSet<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath().normalize();
            entries.add(p);
            entries.addAll(manifestClassPath(p));
        }
        return List.copyOf(entries);
    }

    private static List<Path> manifestClassPath(Path jar) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null || cp.isBlank()) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (String item : cp.trim().split("\\s+")) {
                Path p = item.startsWith("file:") ? Path.of(java.net.URI.create(item)) : jar.resolveSibling(item);
                out.add(p.toAbsolutePath().normalize());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * "zookeeper-3.9.5.jar" -> "zookeeper-3.9.5" (matched by prefix), ".../arbor-cli/target/classes" -> "arbor-cli"
     * (a reactor module's classes directory).
     */
    static String artifactName(Path entry) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        if (name.endsWith(".jar")) {
            return name.substring(0, name.length() - 4);
        }
        if (name.equals("classes") && entry.getParent() != null && entry.getParent().getParent() != null) {
            return entry.getParent().getParent().getFileName().toString();
        }
        return name;
    }
}
