package io.arbor.server.fourlw;

import io.arbor.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * dirs, and the sizes conf prints: the bytes of every file under dataDir and under dataLogDir.
 *
 * <p>ZooKeeper 3.9 swaps the two (its datadir_size measures the txn log directory); Arbor reports each
 * directory under its own name.
 */
public final class DirectorySizes {
    private DirectorySizes() {}

    static String dirs(ServerConfig config) {
        return "datadir_size: " + size(config.dataDir()) + "\nlogdir_size: " + size(config.dataLogDir()) + "\n";
    }

    /** The total length of the regular files under {@code dir}, 0 if it does not exist. */
    public static long size(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                // A file removed while we walk (a purged snapshot) or unreadable is simply not counted.
                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // not thrown: the visitor goes on past every failure
        }
        return total[0];
    }
}
