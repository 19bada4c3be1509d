package dev.prequel.serving.registry;

import dev.prequel.serving.config.ServingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.jboss.logging.Logger;

/**
 * The scratch directory that downloaded versions live in. It belongs to this process: whatever a killed
 * predecessor left there is deleted at start, a retired version's folder when its model closes, and the rest at stop.
 */
@ApplicationScoped
public class ModelFiles {

    private static final Logger LOG = Logger.getLogger(ModelFiles.class);

    private final Path root;

    public ModelFiles(ServingConfig config) {
        this.root = config.modelDir().toAbsolutePath().normalize();
    }

    /** Runs before the promotion follower starts downloading. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        deleteTree(root);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model directory " + root, e);
        }
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        deleteTree(root);
    }

    public Path root() {
        return root;
    }

    /** A fresh, empty folder for one version. */
    public Path versionDirectory(String model, String version) {
        Path dir = root.resolve(safe(model)).resolve(safe(version)).normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("model or version names a path outside the model directory");
        }
        deleteTree(dir);
        return dir;
    }

    public void delete(Path versionDirectory) {
        deleteTree(versionDirectory);
        try {
            Path parent = versionDirectory.getParent();
            if (parent != null && !parent.equals(root)) {
                Files.deleteIfExists(parent); // only when the line has no other version on disk
            }
        } catch (IOException e) {
            // another version of the line is still there
        }
    }

    private static String safe(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals("..")
                || name.equals(".")) {
            throw new IllegalArgumentException("unusable model or version name '" + name + "'");
        }
        return name;
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debugf("could not delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", path, e.getMessage());
        }
    }
}
