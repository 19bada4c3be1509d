package dev.prequel.benchmarks.restart;

import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStacks;
import dev.prequel.localstack.ServiceProcess;
import dev.prequel.localstack.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a service killed with SIGKILL and started again waits before it consumes again: from the new process's
 * start to its consumer's first partition assignment (SmallRye's SRMSG18256 line), and to readiness. A dead member
 * keeps its partitions until its session expires, so the figure is measured at the Kafka client's old default
 * session timeout (45 s) and at the services' configured one, on the same embedded broker in one run.
 *
 * <p>Usage: {@code RestartToAssignment [--service trainer-service] [--out target]}.
 */
public final class RestartToAssignment {

    private static final String ASSIGNED = "SRMSG18256";

    public static void main(String[] args) throws Exception {
        String service = "trainer-service";
        Path out = Path.of("target");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--service" -> service = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path logs = Files.createDirectories(out.resolve("restart-logs"));
        Path repo = LocalPipeline.locateRepository();
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("client default (session 45 s)", Map.of("kafka.session.timeout.ms", "45000",
                "kafka.heartbeat.interval.ms", "3000"));
        variants.put("as configured", Map.of());
        StringBuilder table = new StringBuilder("| " + service + " | restart to partitions assigned | restart to ready |\n"
                + "|---|---|---|\n");
        try (LocalStack stack = LocalStacks.start()) {
            int n = 0;
            for (var variant : variants.entrySet()) {
                ServiceSpec spec = ServiceSpec.of(service, repo.resolve(service), 0)
                        .withJvmOptions(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1g"))
                        .withConfig(stack.serviceConfig()).withConfig(variant.getValue());
                ServiceProcess first = ServiceProcess.start(spec, logs.resolve(service + "-" + (++n) + ".log"));
                first.awaitReady(Duration.ofMinutes(3));
                awaitLine(first, ASSIGNED, Duration.ofMinutes(2));
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                while (first.isAlive()) {
                    Thread.sleep(20);
                }
                long start = System.nanoTime();
                ServiceProcess second = ServiceProcess.start(spec, logs.resolve(service + "-" + (++n) + ".log"));
                second.awaitReady(Duration.ofMinutes(3));
                double ready = (System.nanoTime() - start) / 1e9;
                awaitLine(second, ASSIGNED, Duration.ofMinutes(3));
                double assigned = (System.nanoTime() - start) / 1e9;
                System.out.printf("[restart] %s: partitions assigned %.1f s after the restart, ready after %.1f s%n",
                        variant.getKey(), assigned, ready);
                table.append(String.format("| %s | %.1f s | %.1f s |%n", variant.getKey(), assigned, ready));
                second.stop();
            }
        }
        System.out.println();
        System.out.print(table);
        Files.writeString(out.resolve("restart-to-assignment.md"), table);
    }

    private static void awaitLine(ServiceProcess process, String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(process.logFile()).contains(marker)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(process.name() + " logged no " + marker + " within " + timeout);
    }
}
