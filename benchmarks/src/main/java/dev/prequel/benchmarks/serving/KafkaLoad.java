package dev.prequel.benchmarks.serving;

import dev.prequel.events.EventJson;
import dev.prequel.events.PredictRequest;
import dev.prequel.events.Prediction;
import dev.prequel.events.Topics;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code requests} predict requests published as fast as the producer takes them; img/s is requests over the time
 * from the first send to the last answer on {@code predictions}, latency per request from its send to its answer.
 */
final class KafkaLoad implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;

    KafkaLoad(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "serving-benchmark-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.PREDICTIONS));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    Measurement run(String model, List<byte[]> pngs, int requests, Duration timeout) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        LatencyLog log = new LatencyLog();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            String id = "bench-" + run + "-" + i;
            PredictRequest request = new PredictRequest(id, model,
                    Base64.getEncoder().encodeToString(pngs.get(i % pngs.size())), null, 1, id);
            sent.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.PREDICT_REQUESTS, model, EventJson.write(request)));
        }
        producer.flush();
        long errors = 0;
        int answered = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered < requests && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                Prediction p;
                try {
                    p = EventJson.read(r.value(), Prediction.class);
                } catch (RuntimeException e) {
                    continue;
                }
                Long at = p.requestId() == null ? null : sent.remove(p.requestId());
                if (at != null) {
                    answered++;
                    log.add(System.nanoTime() - at);
                    errors += p.error() == null ? 0 : 1;
                }
            }
        }
        if (answered < requests) {
            throw new IllegalStateException(answered + " of " + requests + " Kafka requests answered within " + timeout);
        }
        return Measurement.of(requests - errors, (System.nanoTime() - start) / 1e9, log.values(), errors);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }
}
