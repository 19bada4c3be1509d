package dev.prequel.evaluator.line;

import dev.prequel.evaluator.judge.CandidateJudging;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.LineCommand;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.Topics;
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
 * on a worker thread, and every decision is checked against the ledger first.
 */
@ApplicationScoped
public class LineInbox {

    private static final Logger LOG = Logger.getLogger(LineInbox.class);

    private final DatasetAcceptance acceptance;
    private final CandidateJudging judging;
    private final LineCommands commands;
    private final ErrorReporter errors;

    public LineInbox(DatasetAcceptance acceptance, CandidateJudging judging, LineCommands commands,
            ErrorReporter errors) {
        this.acceptance = acceptance;
        this.judging = judging;
        this.commands = commands;
        this.errors = errors;
    }

    @Incoming("line-inputs")
    @Blocking(ordered = true)
    public void onRecord(ConsumerRecord<String, String> record) {
        switch (record.topic()) {
            case Topics.DATASETS_PREPARED -> IncomingEvent.decodeOrReport(record, DatasetPrepared.class, errors)
                    .filter(p -> validModel(record, p.model(), p.correlationId()))
                    .ifPresent(p -> guarded(record, p.model(), p.datasetId(), p.correlationId(), "acceptance-failed",
                            () -> acceptance.onPrepared(p)));
            case Topics.MODELS_TRAINED -> IncomingEvent.decodeOrReport(record, ModelTrained.class, errors)
                    .filter(t -> validModel(record, t.model(), t.correlationId()))
                    .ifPresent(t -> guarded(record, t.model(), t.version(), t.correlationId(), "evaluation-failed",
                            () -> judging.onTrained(t)));
            case Topics.LINE_COMMANDS -> IncomingEvent.decodeOrReport(record, LineCommand.class, errors)
                    .filter(c -> validModel(record, c.model(), c.correlationId()))
                    .ifPresent(c -> guarded(record, c.model(), c.commandId(), c.correlationId(), "command-failed",
                            () -> commands.onCommand(c)));
            default -> LOG.warnf("ignoring a record from unexpected topic %s", record.topic());
        }
    }

    /** Decoding checked the required fields are there; a line's name must also be usable in keys. */
    private boolean validModel(ConsumerRecord<String, String> record, String model, String correlation) {
        if (!dev.prequel.events.LandingKey.isValidName(model)) {
            errors.report("malformed-event", record.topic() + " event without a valid model name", record.key(),
                    IncomingEvent.position(record), correlation);
            return false;
        }
        return true;
    }

    private void guarded(ConsumerRecord<String, String> record, String model, String subject, String correlation,
            String reason, Runnable work) {
        try {
            work.run();
        } catch (LedgerConflictException e) {
            // Not an error of the record: its new owner decides it, from the ledger it finds.
            LOG.warnf("%s/%s left to the line's new owner (%s): %s", model, subject, IncomingEvent.position(record),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s of %s/%s failed (%s)", reason, model, subject, IncomingEvent.position(record));
            errors.report(reason, String.valueOf(e.getMessage()), model, subject, correlation);
        }
    }
}
