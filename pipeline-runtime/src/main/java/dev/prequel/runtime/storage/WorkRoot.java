package dev.prequel.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Where a process keeps its work directories: {@code <tmp>/prequel-work/<application>/<pid>/}. A process killed
 * with SIGKILL never deletes its own; the next start of the same service deletes those of processes that are no
 * longer alive ({@link #reclaim}), and never touches a live one (several services, or replicas, may share a tmp).
 */
public final class WorkRoot {

    private static final Logger LOG = Logger.getLogger(WorkRoot.class);

    private WorkRoot() {
    }

    /** This process's root, created on first use. */
    public static Path current() {
        return of(Path.of(System.getProperty("java.io.tmpdir")), application(), ProcessHandle.current().pid());
    }

    static Path of(Path tmp, String application, long pid) {
        return tmp.resolve("prequel-work").resolve(application).resolve(Long.toString(pid));
    }

    /** Deletes the roots of this service's dead processes under the JVM's tmp; returns what was deleted. */
    public static List<Path> reclaim() {
        return reclaim(Path.of(System.getProperty("java.io.tmpdir")), application());
    }

    static List<Path> reclaim(Path tmp, String application) {
        Path dir = tmp.resolve("prequel-work").resolve(application);
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        try (Stream<Path> roots = Files.list(dir)) {
            for (Path root : roots.toList()) {
                Long pid = pidOf(root);
                if (pid != null && (pid == ProcessHandle.current().pid()
                        || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                    continue;
                }
                deleteTree(root);
                deleted.add(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (!deleted.isEmpty()) {
            LOG.infof("reclaimed %d work director%s left by processes that died: %s", deleted.size(),
                    deleted.size() == 1 ? "y" : "ies", deleted);
        }
        return deleted;
    }

    private static Long pidOf(Path root) {
        try {
            return Long.parseLong(root.getFileName().toString());
        } catch (NumberFormatException e) {
            return null; // not ours to keep: anything else in this folder is left over too
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", root, e.getMessage());
        }
    }

    private static String application() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
                .filter(name -> name.matches("[A-Za-z0-9._-]+")).orElse("prequel");
    }
}
