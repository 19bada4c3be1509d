package dev.prequel.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to run one packaged Quarkus service as its own JVM:
 * {@code java <jvmOptions> -Dquarkus.http.port=<port> -D<key>=<value>... -jar <moduleDir>/target/quarkus-app/quarkus-run.jar}.
 *
 * <p>Secret-looking keys (containing "secret", "password" or "token") go into the child's environment under Quarkus'
 * variable name (prequel.s3.secret-key: PREQUEL_S3_SECRET_KEY) instead of its command line, which any local
 * user can read with {@code ps} and which gets logged.
 *
 * @param httpPort 0 picks a free port when the process starts
 */
public record ServiceSpec(String name, Path moduleDir, int httpPort, List<String> jvmOptions,
                          Map<String, String> config, Map<String, String> environment) {

    /** Quick start and a small footprint; the trainer usually wants a bigger heap ({@link #withJvmOptions}). */
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx768m");

    /**
     * glibc malloc settings for a JVM running libtorch: a fixed mmap threshold at glibc's largest (32 MiB) and a
     * trim threshold of 256 MiB, so the large buffers of a forward pass (a convolution's im2col: 29 MB for the small
     * CNN at batch 32) stay in the process for the next pass. With glibc's defaults they were handed back to the
     * kernel after each pass and faulted in again on a worker thread: 1,000-2,000 page faults per batch and 2-4x
     * the time (the CNN at batch 32: 12-23 ms against 5.5-6 ms, with 20-40 faults).
     */
    public static final Map<String, String> LIBTORCH_MALLOC = Map.of("MALLOC_MMAP_THRESHOLD_", "33554432",
            "MALLOC_TRIM_THRESHOLD_", "268435456");

    public ServiceSpec {
        jvmOptions = List.copyOf(jvmOptions);
        config = Map.copyOf(config);
        environment = Map.copyOf(environment);
    }

    public static ServiceSpec of(String name, Path moduleDir, int httpPort) {
        return new ServiceSpec(name, moduleDir, httpPort, DEFAULT_JVM_OPTIONS, Map.of(), Map.of());
    }

    /** Adds (or replaces) configuration keys, e.g. {@code stack.serviceConfig()}. */
    public ServiceSpec withConfig(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(config);
        merged.putAll(more);
        return new ServiceSpec(name, moduleDir, httpPort, jvmOptions, merged, environment);
    }

    public ServiceSpec withConfig(String key, String value) {
        return withConfig(Map.of(key, value));
    }

    /** Replaces the JVM options (the defaults are {@link #DEFAULT_JVM_OPTIONS}). */
    public ServiceSpec withJvmOptions(List<String> options) {
        return new ServiceSpec(name, moduleDir, httpPort, options, config, environment);
    }

    public ServiceSpec withEnvironment(String variable, String value) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.put(variable, value);
        return new ServiceSpec(name, moduleDir, httpPort, jvmOptions, config, merged);
    }

    public ServiceSpec withHttpPort(int port) {
        return new ServiceSpec(name, moduleDir, port, jvmOptions, config, environment);
    }

    /** The fast-jar launcher Quarkus packages by default. */
    public Path runJar() {
        return moduleDir.resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The command line for a resolved port; holds no secret-looking value. */
    List<String> command(String javaExecutable, int port) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable);
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> {
            if (!isSecret(key)) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-jar");
        command.add(runJar().toString());
        return command;
    }

    /**
     * The child's extra environment: DJL offline, libtorch's OpenMP and malloc settings, the explicit variables, and
     * the secret-looking config keys.
     */
    Map<String, String> childEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DJL_OFFLINE", "true");
        // libtorch's OpenMP threads otherwise spin while idle, which slows everything else on small machines.
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        env.putAll(LIBTORCH_MALLOC);
        config.forEach((key, value) -> {
            if (isSecret(key)) {
                env.put(LocalStack.environmentName(key), value);
            }
        });
        env.putAll(environment);
        return env;
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password") || lower.contains("token");
    }

    @Override
    public String toString() {
        return "ServiceSpec[" + name + " at " + moduleDir + ", port " + httpPort + ", config keys " + config.keySet() + "]";
    }
}
