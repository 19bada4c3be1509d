package dev.prequel.runtime.durable;

import dev.prequel.events.EventJson;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The one entry point of every Kafka handler: decode and validate the record, run the step, and sort its failures.
 * <ul>
 *   <li>A record that is not the expected event (or that the step finds invalid, by throwing
 *       {@link EventJson.MalformedEventException}) is {@code malformed-event} on {@code errors}, with its
 *       topic-partition@offset, and acknowledged.</li>
 *   <li>A transient failure (S3 or Kafka unreachable, 5xx, timeouts: {@link Failures}) is retried in place, on the
 *       handler's worker thread, with the service's {@link RetryPolicy}: the next record of the partition waits,
 *       so order is kept (the line owner relies on it). Steps are idempotent, so a retry redoes safely.</li>
 *   <li>Still failing at the deadline: {@link RetriesExhaustedException} is thrown, the record is nacked, and the
 *       channel's {@code failure-strategy=dead-letter-queue} (SmallRye's Kafka connector) writes it to
 *       {@code dead.letters} with the reason in its {@code dead-letter-reason} header, then acknowledges it.</li>
 *   <li>Any other failure is permanent: handed to the step's {@code rejected} callback (which reports it on
 *       {@code errors} with the step's reason) and acknowledged at once.</li>
 * </ul>
 * A channel using it needs {@code failure-strategy=dead-letter-queue} and an unprocessed-record age above the
 * retry deadline plus the step's own bound (or 0 where the step has no bound), see each application.properties.
 */
@ApplicationScoped
public class DurableConsumer {

    private static final Logger LOG = Logger.getLogger(DurableConsumer.class);

    private final RetryPolicy retry;
    private final ErrorReporter errors;

    public DurableConsumer(RetryPolicy retry, ErrorReporter errors) {
        this.retry = retry;
        this.errors = errors;
    }

    /**
     * Handles one record as a {@code type} event.
     *
     * @param rejected reports a permanent failure of the step (it is given the decoded event)
     * @throws RetriesExhaustedException when the step still fails transiently at the deadline: let it propagate
     */
    public <T> void consume(ConsumerRecord<String, String> record, Class<T> type, Consumer<T> step,
            BiConsumer<T, RuntimeException> rejected) {
        T event;
        try {
            event = IncomingEvent.decode(record, type);
        } catch (EventJson.MalformedEventException e) {
            malformed(record, e);
            return;
        }
        String what = type.getSimpleName() + " " + IncomingEvent.position(record);
        try {
            retry.run(what, () -> step.accept(event));
        } catch (EventJson.MalformedEventException e) {
            malformed(record, e);
        } catch (RetriesExhaustedException e) {
            LOG.errorf("%s: dead-lettering %s", e.getMessage(), IncomingEvent.position(record));
            throw e;
        } catch (RuntimeException e) {
            rejected.accept(event, e);
        }
    }

    /** A permanent failure reported with one reason, the step's own (for steps without reasons of their own). */
    public static <T> BiConsumer<T, RuntimeException> reportAs(ErrorReporter errors, String reason,
            java.util.function.Function<T, Subject> subject) {
        return (event, e) -> {
            Subject s = subject.apply(event);
            LOG.errorf(e, "%s of %s/%s failed", reason, s.model(), s.id());
            errors.report(reason, String.valueOf(e.getMessage()), s.model(), s.id(), s.correlationId());
        };
    }

    /** What a report of a failed step names. */
    public record Subject(String model, String id, String correlationId) {
    }

    private void malformed(ConsumerRecord<String, String> record, EventJson.MalformedEventException e) {
        errors.report("malformed-event", e.getMessage(), record.key(), IncomingEvent.position(record), null);
    }
}
