package dev.prequel.trainer.job;

import dev.prequel.events.TrainingRequested;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.durable.DurableConsumer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code training.jobs}, the line owner's jobs: plans each and hands it to the {@link JobQueue}. The record
 * is acknowledged as soon as the job is durably recorded, so training time never counts against Kafka's poll
 * interval or SmallRye's unprocessed-record age, and the job still runs exactly once to completion.
 */
@ApplicationScoped
public class TrainingRequestHandler {

    private final JobPlanner planner;
    private final JobQueue queue;
    private final ErrorReporter errors;
    private final DurableConsumer durable;

    public TrainingRequestHandler(JobPlanner planner, JobQueue queue, ErrorReporter errors, DurableConsumer durable) {
        this.planner = planner;
        this.queue = queue;
        this.errors = errors;
        this.durable = durable;
    }

    @Incoming("training-jobs")
    @Blocking(ordered = true)
    public void onRequested(ConsumerRecord<String, String> record) {
        durable.consume(record, TrainingRequested.class, request -> queue.submit(planner.plan(request)),
                DurableConsumer.reportAs(errors, "training-not-started",
                        r -> new DurableConsumer.Subject(r.model(), r.jobId(), r.correlationId())));
    }
}
