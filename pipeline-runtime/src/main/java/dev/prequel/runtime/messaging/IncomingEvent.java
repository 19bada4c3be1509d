package dev.prequel.runtime.messaging;

import dev.prequel.events.CloudEventHeaders;
import dev.prequel.events.EventJson;
import dev.prequel.events.EventType;
import dev.prequel.events.PipelineEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decoding of consumed records: the payload as an event record, plus the CloudEvents attributes. One place checks
 * what every consumer needs before acting: a value, of bounded size, of the expected {@code ce_type}, that parses
 * and has the record's required fields.
 */
public final class IncomingEvent {

    /**
     * The largest value decoded: Kafka's default {@code message.max.bytes} (about 1 MiB) bounds what a default
     * broker accepts anyway, and no Prequel event comes near it (serving's predict requests have their own limit,
     * 1 MiB by default). Bigger values are reported without being read, so a huge value costs no parse.
     */
    public static final int MAX_VALUE_BYTES = 1 << 20;

    private static final int MAX_QUOTED_TYPE_CHARS = 100;

    private IncomingEvent() {
    }

    /**
     * Decodes a record as {@code type}. A record without {@code ce_type} is taken on its payload alone: Prequel's
     * producers always set it, but any Kafka client may send predict requests, and storage events (MinIO's
     * notifications, ingest's poller) are plain S3 JSON, not CloudEvents. A {@code ce_type} that is present must be
     * the type's own; for a payload that is not a pipeline event (an S3 notification) none is expected.
     *
     * @throws EventJson.MalformedEventException with the reason, when the value is not such an event; the reason
     *     never quotes the value
     */
    public static <T> T decode(ConsumerRecord<String, String> record, Class<T> type) {
        String name = type.getSimpleName();
        if (record.value() == null) {
            throw new EventJson.MalformedEventException("a null value where " + name + " was expected");
        }
        long size = record.serializedValueSize() >= 0 ? record.serializedValueSize() : record.value().length();
        if (size > MAX_VALUE_BYTES) {
            throw new EventJson.MalformedEventException("a value of " + size + " bytes exceeds the limit of "
                    + MAX_VALUE_BYTES + " for " + name);
        }
        String found = ceType(record);
        String expected = expectedCeType(type);
        if (found != null && !found.equals(expected)) {
            throw new EventJson.MalformedEventException("ce_type " + quoted(found) + " where "
                    + (expected == null ? "none was expected (" + name + " is not a CloudEvent)" : expected + " was expected"));
        }
        T value = EventJson.read(record.value(), type);
        if (value instanceof PipelineEvent event) {
            List<String> missing = event.missingFields();
            if (!missing.isEmpty()) {
                throw new EventJson.MalformedEventException(name + " without " + String.join(", ", missing));
            }
        }
        return value;
    }

    /**
     * Decodes the record, or reports it on {@code errors} as {@code malformed-event} and returns empty, so a bad
     * record is acknowledged with a reason instead of stopping the consumer.
     */
    public static <T> Optional<T> decodeOrReport(ConsumerRecord<String, String> record, Class<T> type,
            ErrorReporter errors) {
        try {
            return Optional.of(decode(record, type));
        } catch (EventJson.MalformedEventException e) {
            errors.report("malformed-event", e.getMessage(), record.key(), position(record), null);
            return Optional.empty();
        }
    }

    /** The {@code ce_type} a record of this class carries, or null for a payload that is not a pipeline event. */
    static String expectedCeType(Class<?> type) {
        return PipelineEvent.class.isAssignableFrom(type) ? EventType.of(type).ceType() : null;
    }

    public static String ceType(ConsumerRecord<?, ?> record) {
        Header h = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (h == null) {
            return null;
        }
        return h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Where a record came from, for error subjects: topic-partition@offset. */
    public static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String quoted(String s) {
        return "'" + (s.length() > MAX_QUOTED_TYPE_CHARS ? s.substring(0, MAX_QUOTED_TYPE_CHARS) + "…" : s) + "'";
    }
}
