package dev.prequel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the kustomize tree, the repository and the build output are; set by Maven (see pom.xml). */
final class DeployTree {
    private DeployTree() {
    }

    static Path deployDir() {
        return Path.of(System.getProperty("prequel.deploy.dir", "")).toAbsolutePath().normalize();
    }

    static Path repositoryRoot() {
        return deployDir().getParent();
    }

    static Path buildDir() {
        return Path.of(System.getProperty("prequel.build.dir", deployDir().resolve("target").toString()));
    }

    /** The version Jib tags the images with: the project version. */
    static String projectVersion() {
        String version = System.getProperty("prequel.project.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property prequel.project.version is not set (run through Maven)");
        }
        return version;
    }

    /** Every directory under overlays/ with a kustomization: a new overlay is checked without a code change. */
    static List<String> overlays() {
        Path overlays = deployDir().resolve("overlays");
        try (Stream<Path> dirs = Files.list(overlays)) {
            List<String> names = dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no overlay with a kustomization.yaml under " + overlays);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
