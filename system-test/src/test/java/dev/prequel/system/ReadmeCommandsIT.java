package dev.prequel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.StackObjects;
import dev.prequel.localstack.UserEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Using it" commands (the AWS CLI, curl, kcat), read from the README itself and run by bash as a user
 * types them, after {@code set -a; . stack.env; set +a}, against the five separately started services. Only the
 * local run's fixed ports are replaced by this run's. MinIO's {@code mc} lines are not run: its binary is not
 * reachable from CI (the README says so). A missing tool fails the test: {@code .ci/run} installs them.
 */
class ReadmeCommandsIT {

    private static final String MODEL = "mnist";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static LocalPipeline pipeline;
    private static Path work;
    private static String champion;

    @BeforeAll
    static void start() throws Exception {
        Path repo = LocalPipeline.locateRepository();
        pipeline = LocalPipeline.start(repo, repo.resolve("system-test/target/readme-logs"), Map.of(),
                Map.of("prequel.lines." + MODEL + ".epochs", "2"), Duration.ofMinutes(6));
        work = Files.createDirectories(repo.resolve("system-test/target/readme-commands"));
        UserEnvironment.write(work.resolve("stack.env"), pipeline);
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        // The files the README's commands name, in the directory they run in.
        Files.write(work.resolve("digits.zip"), SampleDrops.zip(sample.slice(100, 20)));
        for (SampleDrops.LabelledImage image : sample.slice(120, 3)) {
            Path file = work.resolve("my-digits").resolve(image.label()).resolve(image.name());
            Files.createDirectories(file.getParent());
            Files.write(file, image.bytes());
        }
        Files.write(work.resolve("unknown.png"), sample.slice(190, 1).get(0).bytes());
        Files.write(work.resolve("digit.png"), sample.slice(191, 1).get(0).bytes());
        // A champion to answer the predictions.
        try (EventProbe probe = new EventProbe(pipeline.stack(), Topics.MODELS_PROMOTED)) {
            new StackObjects(pipeline.stack()).put(Buckets.LANDING, "train/" + MODEL + "/sample-1/digits.zip",
                    SampleDrops.zip(sample.slice(0, 60)));
            champion = probe.await(Topics.MODELS_PROMOTED, ModelPromoted.class, e -> e.model().equals(MODEL),
                    Duration.ofMinutes(10)).version();
        }
        pipeline.service("serving-service").awaitReady(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void theReadmesCommandsWorkAsWritten() throws Exception {
        for (String tool : List.of("aws", "curl", "kcat", "base64")) {
            assertEquals(0, bash("command -v " + tool).exit(), tool + " is missing: install it (.ci/run does)");
        }
        List<String> commands = usingItCommands(LocalPipeline.locateRepository().resolve("README.md"));
        assertTrue(commands.stream().filter(c -> c.startsWith("aws s3 cp")).count() >= 3, "aws lines: " + commands);
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("curl") && c.contains("/infer")), "" + commands);
        assertTrue(commands.stream().anyMatch(c -> c.contains("kcat") && c.contains("-P")), "" + commands);

        String predictionsCommand = null;
        for (String command : commands) {
            String local = command.replace("localhost:8080", "127.0.0.1:" + pipeline.service("serving-service").httpPort())
                    .replace("localhost:8084", "127.0.0.1:" + pipeline.service("evaluator-service").httpPort());
            Result r = bash(local);
            System.out.printf("[readme] $ %s%n[readme]   exit %d, %d bytes of output%n", command, r.exit(),
                    r.output().length());
            assertEquals(0, r.exit(), command + "\n" + r.output());
            if (command.startsWith("curl -s localhost:8080/v2/models/" + MODEL + "/infer")
                    || command.startsWith("curl -s -X POST localhost:8080/v2/models/" + MODEL + "/infer")) {
                assertTrue(r.output().contains("\"model_version\":\"v-") && r.output().contains("\"label\""),
                        r.output());
            } else if (command.equals("curl -s localhost:8080/v2/models/" + MODEL)) {
                assertTrue(r.output().contains("\"name\":\"" + MODEL + "\""), r.output());
            } else if (command.startsWith("curl -s localhost:8084/admin/models/" + MODEL + "/champion")) {
                assertTrue(r.output().contains("\"v-"), r.output()); // the champion (the README's own drop may move it on)
            } else if (command.contains("-t training.progress")) {
                assertTrue(r.output().contains("\"epoch\""), r.output());
            } else if (command.contains("-t predictions")) {
                predictionsCommand = local;
            }
        }

        StackObjects s3 = new StackObjects(pipeline.stack());
        s3.get(Buckets.LANDING, "train/" + MODEL + "/my-drop-1/digits.zip");
        s3.get(Buckets.LANDING, "train/" + MODEL + "/my-drop-2/_SUCCESS");
        s3.get(Buckets.LANDING, "score/" + MODEL + "/batch-1/unknown.png");
        // The answers to the kcat request (r1) and to the scored drop arrive on predictions; the README's command reads
        // the topic to its end, so run it again until both are there.
        assertTrue(predictionsCommand != null, "the README reads the predictions topic");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = bash(predictionsCommand).output();
            if (seen.contains("\"requestId\":\"r1\"") && seen.contains("unknown.png")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("predictions for r1 and unknown.png not on the topic:\n" + seen);
    }

    /**
     * The indented command lines of the README's "Using it" section, continuation lines joined, without MinIO's
     * {@code mc} lines.
     */
    static List<String> usingItCommands(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int from = lines.indexOf("## Using it");
        assertTrue(from >= 0, "the README has a \"Using it\" section");
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines.subList(from + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (!line.startsWith("    ")) {
                continue;
            }
            String text = line.strip();
            if (current == null) {
                current = new StringBuilder();
            }
            boolean continued = text.endsWith("\\");
            current.append(continued ? text.substring(0, text.length() - 1) : text);
            if (!continued) {
                String command = current.toString().replaceAll("\\s+#.*$", "").strip();
                if (!command.startsWith("mc ")) {
                    commands.add(command);
                }
                current = null;
            } else {
                current.append(' ');
            }
        }
        return commands;
    }

    private record Result(int exit, String output) {
    }

    /** Runs {@code command} with the user's environment file sourced, in the directory holding the files it names. */
    private static Result bash(String command) throws Exception {
        Path output = Files.createTempFile(work, "command-", ".out");
        try {
            Process process = new ProcessBuilder("bash", "-c", "set -a; . ./stack.env; set +a; " + command)
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            boolean ended = process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return ended ? new Result(process.exitValue(), text) : new Result(-1, "timed out after "
                    + COMMAND_TIMEOUT + ": " + text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
