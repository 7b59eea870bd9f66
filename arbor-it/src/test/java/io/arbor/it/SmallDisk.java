package io.arbor.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (tmpfs of a few MiB, mounted for one test) that a test can fill to the last byte
 * and free again, to see what a server does when its disk is full. Mounting needs root, which CI has (its
 * run script installs packages); elsewhere the test is skipped, saying why.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    public static SmallDisk mount(int mebibytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("arbor-small-disk");
        int rc = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", dir.toString()));
        if (rc != 0) {
            Files.deleteIfExists(dir);
        }
        assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root): the disk-full tests need a real small disk");
        return new SmallDisk(dir);
    }

    /** A directory on the small disk. */
    public Path dir(String name) throws IOException {
        return Files.createDirectories(mountPoint.resolve(name));
    }

    /** Writes a file until the disk refuses another byte; returns how many bytes it took. */
    public long fill() throws IOException {
        long written = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int size = chunk.length; size > 0; ) {
                try {
                    out.write(chunk, 0, size);
                    out.flush();
                    written += size;
                } catch (IOException full) {
                    size /= 2; // fill the last partial block too
                }
            }
        } catch (IOException closeFailed) {
            // closing a stream whose last write failed may fail the same way; the file stays
        }
        return written;
    }

    /** Gives back everything {@link #fill} took. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", "-l", mountPoint.toString()));
        Files.deleteIfExists(mountPoint);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
