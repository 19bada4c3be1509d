package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials are generated at deploy time and can never be committed. */
class SecretHygieneTest {
    private static final List<String> SECRET_FILES = List.of("base/minio/secrets.env", "base/services/secrets.env",
            "base/services/evaluator/secrets.env");

    @Test
    void noCommittedManifestIsASecret() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(DeployTree.deployDir())) {
            offenders = files.filter(f -> !f.startsWith(DeployTree.buildDir()))
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> read(f).lines().anyMatch(line -> line.strip().equals("kind: Secret")))
                    .toList();
        }
        assertTrue(offenders.isEmpty(), "Secrets must come from generate-secrets.sh, not from files: " + offenders);
    }

    @Test
    void theGeneratedEnvFilesAreIgnoredByGit() throws Exception {
        for (String file : SECRET_FILES) {
            Path path = DeployTree.deployDir().resolve(file);
            Process git = new ProcessBuilder("git", "check-ignore", "-q", path.toString())
                    .directory(DeployTree.repositoryRoot().toFile()).redirectErrorStream(true).start();
            assertTrue(git.waitFor(30, TimeUnit.SECONDS), "git check-ignore hung");
            assertEquals(0, git.exitValue(), "deploy/" + file + " is not git-ignored: a generated credential could be committed");
        }
    }

    @Test
    void generateSecretsWritesTheKeysTheManifestsUseAndKeepsExistingOnes(@TempDir Path tree) throws Exception {
        Files.createDirectories(tree.resolve("base/minio"));
        Files.createDirectories(tree.resolve("base/services"));
        runGenerator(tree);
        assertEquals(Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"), keys(tree.resolve(SECRET_FILES.get(0))));
        assertEquals(Set.of("PREQUEL_S3_ACCESS_KEY", "PREQUEL_S3_SECRET_KEY"), keys(tree.resolve(SECRET_FILES.get(1))));
        assertEquals(Set.of("PREQUEL_EVALUATOR_ADMIN_TOKEN"), keys(tree.resolve(SECRET_FILES.get(2))));
        String token = read(tree.resolve(SECRET_FILES.get(2))).strip().substring("PREQUEL_EVALUATOR_ADMIN_TOKEN=".length());
        assertTrue(token.matches("[0-9a-f]{48}"), "the admin token is 48 random hex characters");
        String first = read(tree.resolve(SECRET_FILES.get(1)));
        runGenerator(tree);
        assertEquals(first, read(tree.resolve(SECRET_FILES.get(1))), "a second run must not rotate the credentials of a running MinIO");
        Path other = Files.createTempDirectory(tree.getParent(), "second");
        Files.createDirectories(other.resolve("base/minio"));
        Files.createDirectories(other.resolve("base/services"));
        runGenerator(other);
        assertNotEquals(first, read(other.resolve(SECRET_FILES.get(1))), "two installations must not share credentials");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void renderedSecretsAreGeneratedWithAHashSuffix(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Set<String> names = overlay.all(Secret.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.stream().anyMatch(n -> n.startsWith("minio-root-")) && names.stream().anyMatch(n -> n.startsWith("prequel-s3-"))
                        && names.stream().anyMatch(n -> n.startsWith("evaluator-admin-")),
                overlayName + ": expected the generated minio-root-, prequel-s3- and evaluator-admin-<hash> Secrets, found " + names);
    }

    private static void runGenerator(Path tree) throws Exception {
        Process process = new ProcessBuilder("bash", DeployTree.deployDir().resolve("generate-secrets.sh").toString(), tree.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "generate-secrets.sh hung");
        assertEquals(0, process.exitValue(), "generate-secrets.sh failed:\n" + output);
    }

    private static Set<String> keys(Path envFile) {
        return read(envFile).lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
