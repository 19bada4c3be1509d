package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.prequel.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as its own process: env file, printed lines, SIGTERM. */
class LocalStackMainTest {
    @TempDir
    Path work;

    @Test
    void runsUntilSigtermWritesAPrivateEnvFileAndNeverPrintsTheSecret() throws Exception {
        Path envFile = work.resolve("run/stack.env");
        Path output = work.resolve("launcher.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process launcher = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName(),
                "--env-file", envFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            long started = System.nanoTime();
            awaitFile(envFile, launcher, output, Duration.ofSeconds(120));
            System.out.printf("launcher wrote its env file after %d ms%n", (System.nanoTime() - started) / 1_000_000);
            awaitLine(output, "Running until SIGTERM", Duration.ofSeconds(10));

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)));
            Properties env = new Properties();
            try (var reader = Files.newBufferedReader(envFile)) {
                env.load(reader);
            }
            assertEquals(List.of("KAFKA_BOOTSTRAP_SERVERS", "PREQUEL_S3_ACCESS_KEY", "PREQUEL_S3_ENDPOINT",
                    "PREQUEL_S3_REGION", "PREQUEL_S3_SECRET_KEY"), env.stringPropertyNames().stream().sorted().toList());
            String secret = env.getProperty("PREQUEL_S3_SECRET_KEY");
            String printed = Files.readString(output);
            System.out.println(printed.replace(secret, "<SECRET LEAKED>"));
            assertTrue(printed.contains("export KAFKA_BOOTSTRAP_SERVERS=" + env.getProperty("KAFKA_BOOTSTRAP_SERVERS")), printed);
            assertFalse(printed.contains(secret), "the secret is never printed without --print-secrets");

            Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    env.getProperty("KAFKA_BOOTSTRAP_SERVERS"));
            try (Admin admin = Admin.create(adminConfig)) {
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(Topics.ALL));
            }
            try (var minio = StackProvisioning.minioClient(env.getProperty("PREQUEL_S3_ENDPOINT"),
                    new S3Credentials(env.getProperty("PREQUEL_S3_ACCESS_KEY"), secret))) {
                assertEquals(4, minio.listBuckets().size());
            }
            long rss = ServiceProcess.rssKb(launcher.pid());
            System.out.printf("launcher RSS %d MB%n", rss / 1024);

            launcher.destroy(); // SIGTERM
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher stops on SIGTERM");
            assertTrue(Files.readString(output).contains("Local stack stopped."), Files.readString(output));
            assertFalse(Files.exists(envFile), "the env file goes with the stack");
            int kafkaPort = Integer.parseInt(env.getProperty("KAFKA_BOOTSTRAP_SERVERS").replaceAll(".*:", ""));
            assertTrue(FreePorts.isFree(kafkaPort));
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void rejectsUnknownOptions() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalStackMain.class.getName(), "--kafka-port", "banana")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("bad.out").toFile())
                .start();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, launcher.exitValue());
        assertTrue(Files.readString(work.resolve("bad.out")).contains("Usage:"));
    }

    private static void awaitFile(Path file, Process launcher, Path output, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            assertTrue(launcher.isAlive(), "launcher died:\n" + Files.readString(output));
            assertTrue(System.nanoTime() < deadline, "no env file after " + timeout + ":\n" + Files.readString(output));
            Thread.sleep(100);
        }
    }

    private static void awaitLine(Path output, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(output).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' after " + timeout);
            Thread.sleep(100);
        }
    }

}
