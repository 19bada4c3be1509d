package dev.prequel.trainer.job;

import dev.prequel.events.DatasetPrepared;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.IncomingEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code datasets.prepared}: plans the job and hands it to the {@link JobQueue}. The record is
 * acknowledged as soon as the job is durably recorded, so training time never counts against Kafka's poll
 * interval or SmallRye's unprocessed-record age, and the job still runs exactly once to completion.
 */
@ApplicationScoped
public class PreparedDatasetHandler {

    private final JobPlanner planner;
    private final JobQueue queue;
    private final ErrorReporter errors;

    public PreparedDatasetHandler(JobPlanner planner, JobQueue queue, ErrorReporter errors) {
        this.planner = planner;
        this.queue = queue;
        this.errors = errors;
    }

    @Incoming("datasets-prepared")
    @Blocking(ordered = true)
    public void onPrepared(ConsumerRecord<String, String> record) {
        var decoded = IncomingEvent.decodeOrReport(record, DatasetPrepared.class, errors);
        if (decoded.isEmpty()) {
            return;
        }
        DatasetPrepared prepared = decoded.get();
        try {
            queue.submit(planner.plan(prepared));
        } catch (RuntimeException e) {
            errors.report("training-not-started", String.valueOf(e.getMessage()), prepared.model(),
                    prepared.datasetId(), prepared.correlationId());
        }
    }
}
