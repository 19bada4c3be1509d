package dev.prequel.runtime.messaging;

import dev.prequel.events.CloudEventHeaders;
import dev.prequel.events.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Decoding of consumed records: the payload as an event record, plus the CloudEvents attributes. */
public final class IncomingEvent {
    private IncomingEvent() {
    }

    /** @throws EventJson.MalformedEventException with the reason, when the value is not such an event */
    public static <T> T decode(ConsumerRecord<String, String> record, Class<T> type) {
        return EventJson.read(record.value(), type);
    }

    /**
     * Decodes the record, or reports it on {@code errors} as {@code malformed-event} and returns empty, so a bad
     * record is acknowledged with a reason instead of stopping the consumer.
     */
    public static <T> java.util.Optional<T> decodeOrReport(ConsumerRecord<String, String> record, Class<T> type,
            ErrorReporter errors) {
        try {
            return java.util.Optional.of(decode(record, type));
        } catch (EventJson.MalformedEventException e) {
            errors.report("malformed-event", e.getMessage(), record.key(), position(record), null);
            return java.util.Optional.empty();
        }
    }

    public static String ceType(ConsumerRecord<?, ?> record) {
        Header h = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Where a record came from, for error subjects: topic-partition@offset. */
    public static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
