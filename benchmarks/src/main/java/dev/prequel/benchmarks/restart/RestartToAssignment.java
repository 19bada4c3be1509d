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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * How long a service killed with SIGKILL and started again waits before it consumes again: from the new process's
 * start until the broker reports its consumer group stable with every partition assigned to the new member (asked
 * with the Kafka admin client), and until it is ready. A dead member
 * keeps its partitions until its session expires unless the restarted process rejoins under the same static
 * {@code group.instance.id}, so the figure is measured with dynamic membership (a new id per start) and with static
 * membership (the configured id), at the Kafka client's default session timeout (45 s) and at the services' 10 s,
 * on the same embedded broker in one run.
 *
 * <p>Usage: {@code RestartToAssignment [--service trainer-service] [--out target]}.
 */
public final class RestartToAssignment {

    private static final Map<String, String> GROUPS = Map.of("ingest-service", "prequel-ingest",
            "preprocess-service", "prequel-preprocess", "trainer-service", "prequel-trainer",
            "evaluator-service", "prequel-evaluator");

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
        // A new group.instance.id per process start is what dynamic membership does (the restarted process is a
        // new member, the dead one is waited out); the configured id is the same across restarts (static membership).
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("client default (session 45 s), dynamic membership", Map.of("kafka.session.timeout.ms", "45000",
                "kafka.heartbeat.interval.ms", "3000", NEW_ID_PER_START, "true"));
        variants.put("session 10 s, dynamic membership", Map.of(NEW_ID_PER_START, "true"));
        variants.put("session 45 s, static membership", Map.of("kafka.session.timeout.ms", "45000",
                "kafka.heartbeat.interval.ms", "3000"));
        variants.put("as configured (session 10 s, static membership)", Map.of());
        StringBuilder table = new StringBuilder("| " + service + " | restart to partitions assigned | restart to ready |\n"
                + "|---|---|---|\n");
        String group = GROUPS.get(service);
        if (group == null) {
            throw new IllegalArgumentException("no consumer group known for " + service + "; one of " + GROUPS.keySet());
        }
        try (LocalStack stack = LocalStacks.start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrapServers()))) {
            int n = 0;
            for (var variant : variants.entrySet()) {
                Map<String, String> config = new LinkedHashMap<>(variant.getValue());
                boolean newIdPerStart = config.remove(NEW_ID_PER_START) != null;
                ServiceSpec spec = ServiceSpec.of(service, repo.resolve(service), 0)
                        .withJvmOptions(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1g"))
                        .withConfig(stack.serviceConfig()).withConfig(config)
                        .withConfig("prequel.kafka.instance-id", "restart-bench-" + n);
                ServiceProcess first = ServiceProcess.start(newIdPerStart ? withNewId(spec) : spec,
                        logs.resolve(service + "-" + (++n) + ".log"));
                first.awaitReady(Duration.ofMinutes(3));
                String before = awaitSoleOwner(admin, group, null, Duration.ofMinutes(2));
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                while (first.isAlive()) {
                    Thread.sleep(20);
                }
                long start = System.nanoTime();
                ServiceProcess second = ServiceProcess.start(newIdPerStart ? withNewId(spec) : spec,
                        logs.resolve(service + "-" + (++n) + ".log"));
                second.awaitReady(Duration.ofMinutes(3));
                double ready = (System.nanoTime() - start) / 1e9;
                awaitSoleOwner(admin, group, before, Duration.ofMinutes(3));
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

    private static final String NEW_ID_PER_START = "new instance id per start";

    private static ServiceSpec withNewId(ServiceSpec spec) {
        return spec.withConfig("prequel.kafka.instance-id", "restart-bench-" + java.util.UUID.randomUUID());
    }

    /**
     * Waits until the group is stable with one member (other than {@code previous}) holding partitions and no other
     * member left; returns that member's id.
     */
    private static String awaitSoleOwner(Admin admin, String group, String previous, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            if (g.state() == ConsumerGroupState.STABLE && g.members().size() == 1) {
                MemberDescription m = g.members().iterator().next();
                if (!m.consumerId().equals(previous) && !m.assignment().topicPartitions().isEmpty()) {
                    return m.consumerId();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("group " + group + " had no sole new owner within " + timeout);
    }
}
