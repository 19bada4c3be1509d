package dev.prequel.localstack;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on one machine, as users run it: the local stack plus the five packaged services, each in a
 * JVM of its own, talking only through Kafka and S3. Used by the local run and by the system test.
 */
public final class LocalPipeline implements AutoCloseable {

    /** The services in start order; serving last, since it is what users call. */
    public static final List<String> SERVICES = List.of("ingest-service", "preprocess-service", "trainer-service",
            "evaluator-service", "serving-service");

    /** The evaluator's configuration key for its admin API bearer token. */
    public static final String ADMIN_TOKEN_KEY = "prequel.evaluator.admin.token";

    private final LocalStack stack;
    private final ServiceGroup services;
    private final String adminToken;

    private LocalPipeline(LocalStack stack, ServiceGroup services, String adminToken) {
        this.stack = stack;
        this.services = services;
        this.adminToken = adminToken;
    }

    /**
     * Starts the stack and the services (packaged under {@code <repo>/<service>/target/quarkus-app}) and waits
     * until each answers its health checks.
     *
     * @param ports the HTTP port per service name; a missing one or 0 picks a free port
     * @param extraConfig configuration given to every service on top of the stack's
     */
    public static LocalPipeline start(Path repositoryRoot, Path logDir, Map<String, Integer> ports,
            Map<String, String> extraConfig, Duration timeout) {
        return start(LocalStacks.start(), repositoryRoot, logDir, ports, extraConfig, timeout);
    }

    /**
     * As {@link #start(Path, Path, Map, Map, Duration)} on a stack already started (a {@link ForwardedLocalStack} for
     * fault tests); the pipeline closes it.
     */
    public static LocalPipeline start(LocalStack stack, Path repositoryRoot, Path logDir, Map<String, Integer> ports,
            Map<String, String> extraConfig, Duration timeout) {
        ServiceGroup group = new ServiceGroup(logDir);
        try {
            Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
            config.putAll(extraConfig);
            // A fresh admin token per run (the evaluator refuses to start without one), unless the caller gave one;
            // it travels in the evaluator's environment, never on a command line.
            String adminToken = extraConfig.getOrDefault(ADMIN_TOKEN_KEY, newToken());
            for (String name : SERVICES) {
                List<String> jvm = name.equals("trainer-service")
                        ? List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1536m")
                        : ServiceSpec.DEFAULT_JVM_OPTIONS;
                ServiceSpec spec = ServiceSpec.of(name, repositoryRoot.resolve(name), ports.getOrDefault(name, 0))
                        .withJvmOptions(jvm).withConfig(config);
                group.start(name.equals("evaluator-service") ? spec.withConfig(ADMIN_TOKEN_KEY, adminToken) : spec);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (ServiceProcess p : group.processes()) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                // Serving is ready only once it serves a model; alive is what "started" means here.
                if (p.name().equals("serving-service")) {
                    p.awaitLive(left);
                } else {
                    p.awaitReady(left);
                }
            }
            return new LocalPipeline(stack, group, adminToken);
        } catch (RuntimeException e) {
            group.close();
            stack.close();
            throw e;
        }
    }

    /** The repository root: the nearest folder at or above the working directory holding {@code samples/}. */
    public static Path locateRepository() {
        Path sample = SampleDrops.locateSample();
        Path root = sample.getParent().getParent();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalStateException(root + " does not look like the Prequel repository");
        }
        return root;
    }

    /** 24 random bytes as 48 hex characters, like deploy/generate-secrets.sh. */
    static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The bearer token the evaluator's admin API wants: {@code Authorization: Bearer <token>}. */
    public String adminToken() {
        return adminToken;
    }

    public LocalStack stack() {
        return stack;
    }

    public ServiceProcess service(String name) {
        return services.get(name).orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /**
     * SIGKILLs a service, starts it again with the same configuration and port, and waits until it is ready (alive,
     * for serving, whose readiness waits for a model). Returns the new process.
     */
    public ServiceProcess killAndRestart(String name, Duration timeout) {
        service(name).kill();
        ServiceProcess fresh = services.restart(name);
        return name.equals("serving-service") ? fresh.awaitLive(timeout) : fresh.awaitReady(timeout);
    }

    public List<ServiceProcess> services() {
        return services.processes();
    }

    @Override
    public void close() {
        services.close();
        stack.close();
    }
}
