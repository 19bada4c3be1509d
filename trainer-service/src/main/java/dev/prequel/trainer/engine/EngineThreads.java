package dev.prequel.trainer.engine;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Pins libtorch's thread counts before the engine loads. Its float reductions split work by thread, so one and two
 * intra-op threads give other bits; left to the default (the cores of the machine) two trainers would write other
 * weights under one version id. The count is part of every version id ({@link #signature()}).
 */
@ApplicationScoped
public class EngineThreads {

    private final int threads;

    public EngineThreads(@ConfigProperty(name = "prequel.trainer.engine-threads") int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("prequel.trainer.engine-threads must be at least 1, not " + threads);
        }
        this.threads = threads;
    }

    // Before the messaging connectors start, so no job can load the engine first.
    void pin(@Observes @Priority(1) StartupEvent start) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    public int threads() {
        return threads;
    }

    /** What goes into the version id. */
    public String signature() {
        return "threads=" + threads;
    }
}
