package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders an overlay the way an operator would: a copy of the kustomize tree, the secret env files
 * written by the project's own generate-secrets.sh (never a developer's real ones), then
 * {@code kubectl kustomize}. Each overlay is rendered once per test run.
 */
final class OverlayRenderer {
    private static final List<String> TREE = List.of("base", "components", "overlays", "generate-secrets.sh");
    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    private OverlayRenderer() {
    }

    static RenderedOverlay render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, OverlayRenderer::renderFresh);
    }

    private static RenderedOverlay renderFresh(String overlay) {
        Path copy = DeployTree.buildDir().resolve("rendered").resolve(overlay);
        deleteRecursively(copy);
        for (String entry : TREE) {
            copyRecursively(DeployTree.deployDir().resolve(entry), copy.resolve(entry));
        }
        runGenerateSecrets(copy);
        String yaml = Kubectl.fromEnvironment().kustomize(copy.resolve("overlays").resolve(overlay));
        writeString(DeployTree.buildDir().resolve("rendered").resolve(overlay + ".yaml"), yaml);
        List<HasMetadata> objects = new StrictManifestParser().parse(yaml);
        return new RenderedOverlay(overlay, objects);
    }

    private static void runGenerateSecrets(Path tree) {
        ProcessBuilder builder = new ProcessBuilder("bash", tree.resolve("generate-secrets.sh").toString(), tree.toString())
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("generate-secrets.sh failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies a file or tree, leaving out any secrets.env a developer generated in the working tree. */
    private static void copyRecursively(Path source, Path target) {
        try {
            if (Files.isRegularFile(source)) {
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!file.getFileName().toString().equals("secrets.env")) {
                        Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
