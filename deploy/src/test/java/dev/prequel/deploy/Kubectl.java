package dev.prequel.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl kustomize}, offline. A missing kubectl fails the build: a check that quietly skips
 * would pass CI with broken manifests.
 */
final class Kubectl {
    static final String MISSING = "kubectl not found (PATH or $KUBECTL): the deploy checks render every overlay "
            + "with `kubectl kustomize` and never skip; install kubectl (v1.27 or newer, it bundles kustomize)";

    private final Path executable;

    private Kubectl(Path executable) {
        this.executable = executable;
    }

    static Kubectl fromEnvironment() {
        return locate(System.getenv());
    }

    /** $KUBECTL if set, else the first kubectl on $PATH; throws {@link IllegalStateException} otherwise. */
    static Kubectl locate(Map<String, String> environment) {
        Optional<Path> explicit = Optional.ofNullable(environment.get("KUBECTL")).filter(s -> !s.isBlank()).map(Path::of);
        if (explicit.isPresent()) {
            if (Files.isExecutable(explicit.get())) {
                return new Kubectl(explicit.get());
            }
            throw new IllegalStateException(MISSING + " ($KUBECTL=" + explicit.get() + " is not executable)");
        }
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return new Kubectl(candidate);
            }
        }
        throw new IllegalStateException(MISSING);
    }

    /** The rendered multi-document YAML of a kustomization directory. */
    String kustomize(Path kustomizationDir) {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "kustomize", kustomizationDir.toString());
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " took over 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " failed (exit "
                        + process.exitValue() + "):\n" + stderr.join());
            }
            return stdout.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
