package dev.prequel.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.jboss.logging.Logger;

/**
 * A scratch directory for one job (downloaded shards, models), deleted with everything in it when closed. It lives
 * under this process's {@link WorkRoot}, so what a killed process leaves behind is reclaimed at the next start.
 */
public final class WorkDirectory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkDirectory.class);

    private final Path path;

    private WorkDirectory(Path path) {
        this.path = path;
    }

    public static WorkDirectory create(String prefix) {
        try {
            Path root = Files.createDirectories(WorkRoot.current());
            return new WorkDirectory(Files.createTempDirectory(root, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory", e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        try (var walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", path, e.getMessage());
        }
    }
}
