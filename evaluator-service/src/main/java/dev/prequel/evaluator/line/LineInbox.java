package dev.prequel.evaluator.line;

import dev.prequel.evaluator.judge.CandidateJudging;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.LineCommand;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.Topics;
import dev.prequel.events.EventJson;
import dev.prequel.runtime.durable.DurableConsumer;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.IncomingEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The line owner's single subscription to {@code datasets.prepared}, {@code models.trained} and
 * {@code line.commands}. With the range assignor and equal partition counts, the consumer that owns a model's
 * partition owns it on all three topics, so each line has one writer; records are handled one at a time, in order,
 * on a worker thread, and every decision is checked against the ledger first. An S3 or Kafka outage is retried in
 * place by the {@link DurableConsumer}, so the line's next record waits and order is kept.
 */
@ApplicationScoped
public class LineInbox {

    private static final Logger LOG = Logger.getLogger(LineInbox.class);

    private final DatasetAcceptance acceptance;
    private final CandidateJudging judging;
    private final LineCommands commands;
    private final ErrorReporter errors;
    private final DurableConsumer durable;

    public LineInbox(DatasetAcceptance acceptance, CandidateJudging judging, LineCommands commands,
            ErrorReporter errors, DurableConsumer durable) {
        this.acceptance = acceptance;
        this.judging = judging;
        this.commands = commands;
        this.errors = errors;
        this.durable = durable;
    }

    @Incoming("line-inputs")
    @Blocking(ordered = true)
    public void onRecord(ConsumerRecord<String, String> record) {
        switch (record.topic()) {
            case Topics.DATASETS_PREPARED -> durable.consume(record, DatasetPrepared.class,
                    p -> acceptance.onPrepared(validModel(record, p, p.model())),
                    (p, e) -> failed(record, "acceptance-failed", p.model(), p.datasetId(), p.correlationId(), e));
            case Topics.MODELS_TRAINED -> durable.consume(record, ModelTrained.class,
                    t -> judging.onTrained(validModel(record, t, t.model())),
                    (t, e) -> failed(record, "evaluation-failed", t.model(), t.version(), t.correlationId(), e));
            case Topics.LINE_COMMANDS -> durable.consume(record, LineCommand.class,
                    c -> commands.onCommand(validModel(record, c, c.model())),
                    (c, e) -> failed(record, "command-failed", c.model(), c.commandId(), c.correlationId(), e));
            default -> LOG.warnf("ignoring a record from unexpected topic %s", record.topic());
        }
    }

    /** Decoding checked the required fields are there; a line's name must also be usable in keys. */
    private static <T> T validModel(ConsumerRecord<String, String> record, T event, String model) {
        if (!dev.prequel.events.LandingKey.isValidName(model)) {
            throw new EventJson.MalformedEventException(record.topic() + " event without a valid model name");
        }
        return event;
    }

    /** A permanent failure of a decision; a transient one never gets here (it is retried, then dead-lettered). */
    private void failed(ConsumerRecord<String, String> record, String reason, String model, String subject,
            String correlation, RuntimeException e) {
        if (e instanceof LedgerConflictException) {
            // Not an error of the record: its new owner decides it, from the ledger it finds.
            LOG.warnf("%s/%s left to the line's new owner (%s): %s", model, subject, IncomingEvent.position(record),
                    e.getMessage());
            return;
        }
        LOG.errorf(e, "%s of %s/%s failed (%s)", reason, model, subject, IncomingEvent.position(record));
        errors.report(reason, String.valueOf(e.getMessage()), model, subject, correlation);
    }
}
