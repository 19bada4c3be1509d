package dev.prequel.serving.registry;

import dev.prequel.events.ModelPromoted;
import dev.prequel.events.Topics;
import dev.prequel.runtime.durable.RetryPolicy;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.IncomingEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows the compacted {@code models.promoted} topic, whose last record per model is the line's champion.
 *
 * <p>At start it reads the topic up to the end offsets it found, keeping only the last promotion per model, and
 * loads each of those once; only then is serving ready. Replaying every record instead would load every old
 * version in turn (and answer with stale ones meanwhile). The topic, not {@code champion.json}, is the source:
 * it is what serving follows afterwards, so the snapshot and the live updates meet at one offset with no gap or
 * overlap, and start-up needs no S3 listing. After the snapshot every new promotion is loaded as it arrives.
 *
 * <p>A plain consumer with manual assignment: every replica reads every partition, commits nothing and joins no
 * group, so a restart waits for no rebalance. It takes the application's Kafka settings ({@code kafka.*}).
 */
@ApplicationScoped
public class PromotionFollower {

    private static final Logger LOG = Logger.getLogger(PromotionFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ModelLoader loader;
    private final ModelRegistry registry;
    private final ErrorReporter errors;
    private final Map<String, Object> kafkaConfig;
    private final RetryPolicy retry;
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public PromotionFollower(ModelLoader loader, ModelRegistry registry, ErrorReporter errors,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, RetryPolicy retry) {
        this.retry = retry;
        this.loader = loader;
        this.registry = registry;
        this.errors = errors;
        this.kafkaConfig = kafkaConfig;
    }

    /** True once the champions found at start are loaded (or reported as unloadable). */
    public boolean caughtUp() {
        return caughtUp.get();
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::run, "promotion-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
        registry.retireAll();
    }

    private void run() {
        while (running.get()) {
            try {
                follow();
            } catch (WakeupException e) {
                return; // stopping
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.error("the promotion follower failed; it starts over from the topic's beginning", e);
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        Map<String, Object> props = new HashMap<>();
        kafkaConfig.forEach((k, v) -> props.put(k, v));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG); // joins no group, so no static membership either
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            List<ConsumerRecord<String, String>> afterSnapshot = new ArrayList<>();
            Map<String, ModelPromoted> champions = new LinkedHashMap<>();
            while (running.get() && !reached(c, end)) {
                for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        decode(r).ifPresent(p -> champions.put(p.model(), p));
                    } else {
                        afterSnapshot.add(r);
                    }
                }
            }
            LOG.infof("start-up: %d model line(s) on %s, loading their champions", champions.size(),
                    Topics.MODELS_PROMOTED);
            champions.values().forEach(this::apply);
            caughtUp.set(true);
            afterSnapshot.forEach(r -> decode(r).ifPresent(this::apply));
            while (running.get()) {
                for (ConsumerRecord<String, String> r : c.poll(POLL)) {
                    decode(r).ifPresent(this::apply);
                }
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        while (running.get()) {
            try {
                var infos = c.partitionsFor(Topics.MODELS_PROMOTED, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("waiting for topic %s: %s", Topics.MODELS_PROMOTED, e.getMessage());
            }
        }
        throw new WakeupException();
    }

    private static boolean reached(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end) {
        Set<TopicPartition> assigned = c.assignment();
        for (TopicPartition p : assigned) {
            if (c.position(p) < end.getOrDefault(p, 0L)) {
                return false;
            }
        }
        return true;
    }

    /** The promotion a record holds; anything else (a tombstone included) is reported and skipped, never fatal. */
    private java.util.Optional<ModelPromoted> decode(ConsumerRecord<String, String> r) {
        try {
            return IncomingEvent.decodeOrReport(r, ModelPromoted.class, errors);
        } catch (RuntimeException e) {
            errors.report("malformed-event", String.valueOf(e.getMessage()), r.key(), IncomingEvent.position(r), null);
            return java.util.Optional.empty();
        }
    }

    /** Serves the promoted version: already served is a redelivery, the previous one a rollback, else a load. */
    void apply(ModelPromoted promoted) {
        if (registry.versionOf(promoted.model()).filter(promoted.version()::equals).isPresent()) {
            return;
        }
        if (registry.restorePrevious(promoted.model(), promoted.version())) {
            LOG.infof("serving %s version %s again (%s), it was still loaded", promoted.model(), promoted.version(),
                    promoted.reason());
            return;
        }
        try {
            long start = System.nanoTime();
            // S3 down: wait it out (up to the retry deadline) rather than leave the line on its old champion.
            registry.promote(retry.call("loading " + promoted.model() + "/" + promoted.version(),
                    () -> loader.load(promoted)));
            LOG.infof("serving %s version %s (%s) — loaded in %d ms", promoted.model(), promoted.version(),
                    promoted.reason(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not load %s/%s", promoted.model(), promoted.version());
            errors.report("model-load-failed", String.valueOf(e.getMessage()), promoted.model(), promoted.version(),
                    promoted.correlationId());
        }
    }
}
