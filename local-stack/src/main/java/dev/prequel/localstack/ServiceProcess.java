package dev.prequel.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A packaged Quarkus service running as its own JVM (see {@link ServiceSpec}), its stdout and stderr appended
 * to a log file. Used by the system test and the local run.
 */
public final class ServiceProcess implements AutoCloseable {
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(15);
    private static final int TAIL_LINES = 60;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final ServiceSpec spec;
    private final int httpPort;
    private final int managementPort;
    private final Path logFile;
    private final Process process;
    /** Where /q answered the last health check: the management port, or the HTTP port of a service without one. */
    private volatile String qBaseUrl;

    private ServiceProcess(ServiceSpec spec, int httpPort, int managementPort, Path logFile, Process process) {
        this.spec = spec;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.qBaseUrl = "http://127.0.0.1:" + httpPort;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts the service; returns at once (see {@link #awaitReady}). Fails if the jar has not been packaged. */
    public static ServiceProcess start(ServiceSpec spec, Path logFile) {
        if (!Files.isRegularFile(spec.runJar())) {
            throw new IllegalStateException(spec.name() + ": " + spec.runJar() + " not found; package the module first");
        }
        List<Integer> free = FreePorts.pick(2);
        int port = spec.httpPort() != 0 ? spec.httpPort() : free.get(0);
        // A service with Quarkus' management interface serves /q there; the others ignore the key.
        int managementPort = free.get(1);
        ServiceSpec resolved = spec.withConfig("quarkus.management.port", String.valueOf(managementPort));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(resolved.command(java, port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(spec.childEnvironment());
        try {
            Path parent = logFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new ServiceProcess(resolved, port, managementPort, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(spec.name() + " did not start", e);
        }
    }

    public String name() {
        return spec.name();
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /**
     * {@code http://127.0.0.1:<port>} where {@code /q/health} and {@code /q/metrics} answer: the management port of
     * a service that has one (known once a health check passed), else {@link #baseUrl()}.
     */
    public String managementUrl() {
        return qBaseUrl;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200. Fails at once, with the end of the log, if the process
     * exits, and with the same when the timeout passes.
     */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitHealth("/q/health/ready", timeout);
    }

    /**
     * Waits until the service answers its liveness check: for a service whose readiness depends on work still to
     * come (serving is ready only once a model is promoted).
     */
    public ServiceProcess awaitLive(Duration timeout) {
        return awaitHealth("/q/health/live", timeout);
    }

    private ServiceProcess awaitHealth(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> bases = List.of("http://127.0.0.1:" + managementPort, baseUrl());
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name() + " exited with " + process.exitValue()
                        + " before it was ready; end of " + logFile + ":\n" + logTail(TAIL_LINES));
            }
            for (String base : bases) {
                HttpRequest ready = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2))
                        .GET().build();
                try {
                    if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        qBaseUrl = base;
                        return this;
                    }
                } catch (IOException notListeningYet) {
                    // connection refused until Quarkus has bound its port (or no management port at all)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name(), e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name() + " not ready after " + timeout + "; end of " + logFile
                        + ":\n" + logTail(TAIL_LINES));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /** Resident set size in kB from /proc/&lt;pid&gt;/status (VmRSS), or -1 where unknown (exited, not Linux). */
    public long rssKb() {
        return rssKb(pid());
    }

    static long rssKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.replaceAll("[^0-9]", ""))
                    .filter(digits -> !digits.isEmpty())
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), then a kill after {@link #DEFAULT_STOP_GRACE}. */
    public void stop() {
        stop(DEFAULT_STOP_GRACE);
    }

    /** SIGTERM, then a kill once {@code grace} has passed. Returns when the process is gone. Idempotent. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL, as the kernel's OOM killer or a node failure ends a process: no shutdown hook runs, nothing is
     * flushed, the Kafka consumer does not leave its group. Returns when the process is gone.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name() + " (pid " + pid() + ") still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name(), e);
        }
    }

    /**
     * A new process of the same service with the same configuration and HTTP port (so callers' URLs stay valid),
     * logging to the same file; this one must have ended. Returns at once, like {@link #start}.
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name() + " is still running; stop or kill it first");
        }
        return start(spec.withHttpPort(httpPort), logFile);
    }

    /** The exit code, once stopped. */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        stop();
    }

    /** The last {@code lines} lines of the log file (read from its last 64 kB; bad UTF-8 is replaced). */
    public String logTail(int lines) {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            long size = channel.size();
            int length = (int) Math.min(size, 64 * 1024);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read the tail
            }
            List<String> all = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "ServiceProcess[" + name() + ", pid " + pid() + ", port " + httpPort + "]";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
