package dev.prequel.localstack;

import dev.prequel.events.CloudEventHeaders;
import dev.prequel.events.EventJson;
import dev.prequel.events.EventType;
import dev.prequel.events.PipelineEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka client for tests and the local run, as any user's client would be: publishes events as
 * CloudEvents (binary mode) and waits for events on topics, read from their beginning.
 */
public final class EventProbe implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public EventProbe(String bootstrapServers, String... topics) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics));
    }

    public EventProbe(LocalStack stack, String... topics) {
        this(stack.kafkaBootstrapServers(), topics);
    }

    /** Publishes an event on its type's topic, keyed by model, and waits for the broker's acknowledgement. */
    public void publish(PipelineEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(EventType.of(event).topic(), event.model(),
                EventJson.write(event));
        CloudEventHeaders.of(event, "/prequel/test").forEach((k, v) -> record.headers().add(k, v));
        send(record);
    }

    /**
     * Publishes any value (null too), for malformed-input tests and raw S3 event records.
     *
     * @return where it landed, as {@code topic-partition@offset}: the subject of an error about it
     */
    public String publishRaw(String topic, String key, String value) {
        return publishRaw(topic, key, value, Map.of());
    }

    /** Publishes any value with the given headers (a forged {@code ce_type}, say); returns where it landed. */
    public String publishRaw(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return send(record);
    }

    private String send(ProducerRecord<String, String> record) {
        try {
            var metadata = producer.send(record).get();
            return metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /** Waits for the first event on {@code topic} that decodes as {@code type} and matches. */
    public <T> T await(String topic, Class<T> type, Predicate<T> match, Duration timeout) {
        List<T> found = awaitCount(topic, type, match, 1, timeout);
        return found.get(0);
    }

    /** Waits until {@code count} matching events were seen on {@code topic}; returns all matching so far. */
    public <T> List<T> awaitCount(String topic, Class<T> type, Predicate<T> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> found = matching(topic, type, match);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("saw " + found.size() + " of " + count + " expected " + type.getSimpleName()
                        + " event(s) on " + topic + " within " + timeout);
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Everything seen so far on {@code topic} that decodes as {@code type} and matches; polls once first. */
    public <T> List<T> matching(String topic, Class<T> type, Predicate<T> match) {
        poll(Duration.ofMillis(100));
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : seen) {
            if (!r.topic().equals(topic) || !mayBe(r, type)) {
                continue;
            }
            try {
                T value = EventJson.read(r.value(), type);
                if (match.test(value)) {
                    out.add(value);
                }
            } catch (RuntimeException ignored) {
                // not this type: other producers share the topic
            }
        }
        return out;
    }

    /**
     * False for a record whose {@code ce_type} names another pipeline event: a topic may carry several (per-epoch and
     * in-epoch progress), and a lenient decode would take one for the other.
     */
    private static boolean mayBe(ConsumerRecord<String, String> r, Class<?> type) {
        var header = r.headers().lastHeader(CloudEventHeaders.TYPE);
        if (header == null || header.value() == null || !PipelineEvent.class.isAssignableFrom(type)) {
            return true;
        }
        return EventType.of(type).ceType().equals(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The records seen so far on {@code topic}, as the broker holds them; polls once first. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        poll(Duration.ofMillis(100));
        return seen.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Publishes a record again exactly as it was (key, value, headers): what a redelivery or a replaying client does. */
    public void republish(ConsumerRecord<String, String> record) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach(h -> copy.headers().add(h.key(), h.value()));
        send(copy);
    }

    /** The headers of the records seen on a topic, for protocol checks. */
    public List<Map<String, String>> headers(String topic) {
        poll(Duration.ofMillis(100));
        List<Map<String, String>> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : seen) {
            if (r.topic().equals(topic)) {
                Map<String, String> h = new java.util.LinkedHashMap<>();
                r.headers().forEach(x -> h.put(x.key(), new String(x.value(), java.nio.charset.StandardCharsets.UTF_8)));
                out.add(h);
            }
        }
        return out;
    }

    private void poll(Duration d) {
        consumer.poll(d).forEach(seen::add);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
