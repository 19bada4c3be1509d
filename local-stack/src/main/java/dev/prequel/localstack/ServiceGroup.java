package dev.prequel.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several {@link ServiceProcess}es started together and stopped together, in reverse order, on
 * {@link #close()} or, if nobody closes the group, when this JVM shuts down.
 */
public final class ServiceGroup implements AutoCloseable {
    private final Path logDir;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "prequel-service-group-stop");
    private boolean hookAdded;
    private boolean closed;

    /** Each service logs to {@code <logDir>/<name>.log}. */
    public ServiceGroup(Path logDir) {
        this.logDir = logDir;
    }

    /** Starts one service (without waiting for it) and adds it to the group. */
    public synchronized ServiceProcess start(ServiceSpec spec) {
        if (closed) {
            throw new IllegalStateException("service group is closed");
        }
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookAdded = true;
        }
        ServiceProcess process = ServiceProcess.start(spec, logDir.resolve(spec.name() + ".log"));
        processes.add(process);
        return process;
    }

    /**
     * Replaces a service whose process has ended (killed, crashed) by a new one of the same spec and port; returns
     * at once (see {@link ServiceProcess#awaitReady}).
     */
    public synchronized ServiceProcess restart(String name) {
        if (closed) {
            throw new IllegalStateException("service group is closed");
        }
        for (int i = 0; i < processes.size(); i++) {
            if (processes.get(i).name().equals(name)) {
                ServiceProcess fresh = processes.get(i).restart();
                processes.set(i, fresh);
                return fresh;
            }
        }
        throw new IllegalArgumentException("no service " + name);
    }

    /** Waits until every service is ready; the timeout is for all of them together. */
    public ServiceGroup awaitAllReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceProcess process : processes()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            process.awaitReady(left);
        }
        return this;
    }

    public synchronized List<ServiceProcess> processes() {
        return List.copyOf(processes);
    }

    public synchronized Optional<ServiceProcess> get(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Stops every service, last started first. Idempotent. */
    @Override
    public void close() {
        stopAll();
        synchronized (this) {
            if (hookAdded) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it stops the same processes
                }
                hookAdded = false;
            }
        }
    }

    private synchronized void stopAll() {
        closed = true;
        RuntimeException failure = null;
        for (int i = processes.size() - 1; i >= 0; i--) {
            try {
                processes.get(i).stop();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
