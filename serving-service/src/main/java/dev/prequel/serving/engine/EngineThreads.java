package dev.prequel.serving.engine;

import dev.prequel.serving.config.ServingConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sets libtorch's intra-op threads per forward pass before the engine loads ({@code prequel.serving.batch
 * .engine-threads}). The workers already run batches side by side; each pass spreading over every core as well put
 * workers x cores OpenMP threads on the cores, and passes waited at their barriers for threads pushed off a core. On
 * two cores, with two workers, one thread per pass was faster in every HTTP cell of ./benchmarks/run-serving.sh
 * than two (32 images per request alone: 3,025 against 2,488 img/s; one image per request at 64 clients: 1,394
 * against 1,037; Kafka about the same).
 */
@ApplicationScoped
public class EngineThreads {

    private final int threads;

    public EngineThreads(ServingConfig config) {
        this.threads = config.batch().engineThreads();
        if (threads < 1) {
            throw new IllegalArgumentException("prequel.serving.batch.engine-threads must be at least 1, not " + threads);
        }
    }

    // Before the promotion follower (a plain StartupEvent observer) loads the first model, which loads the engine.
    void pin(@Observes @Priority(1) StartupEvent start) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    public int threads() {
        return threads;
    }
}
