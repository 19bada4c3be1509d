package dev.prequel.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Temporary data directories of the embedded servers. */
final class Directories {
    private Directories() {
    }

    /** System property naming where the servers' data directories go (default: java.io.tmpdir). */
    static final String DATA_DIR_PROPERTY = "prequel.local-stack.data-dir";

    static Path createTemp(String prefix) {
        try {
            String base = System.getProperty(DATA_DIR_PROPERTY);
            if (base == null || base.isBlank()) {
                return Files.createTempDirectory(prefix);
            }
            Files.createDirectories(Path.of(base));
            return Files.createTempDirectory(Path.of(base), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** Deletes a tree; missing is fine. Symbolic links are removed, never followed. */
    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
