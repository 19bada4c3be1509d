package dev.prequel.deploy;

import dev.prequel.events.Topics;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Strimzi cluster runs KRaft, and its topics are exactly the pipeline's, sized and kept sensibly. */
class KafkaTopicsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void kafkaTopicsAreExactlyThePipelineTopics(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Set<String> declared = overlay.all(KafkaTopic.class).stream().map(RenderedOverlay::topicName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Topics.ALL), declared,
                overlayName + ": KafkaTopics must be exactly dev.prequel.events.Topics.ALL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyTopicAServiceUsesIsAKafkaTopic(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Set<String> declared = overlay.all(KafkaTopic.class).stream().map(RenderedOverlay::topicName).collect(Collectors.toSet());
        Problems problems = new Problems(overlayName + " topics in use");
        for (PrequelService service : PrequelService.values()) {
            var container = overlay.workload("Deployment", service.k8sName()).mainContainer();
            Map<String, String> environment = ContainerEnvironment.values(ContainerEnvironment.of(container, overlay));
            Set<String> used = ServiceConfig.load(service).topics(environment);
            problems.check(!used.isEmpty(), service.module() + " configures no topic at all");
            used.stream().filter(topic -> !declared.contains(topic))
                    .forEach(topic -> problems.add(service.module() + " uses topic '" + topic + "', which has no KafkaTopic"));
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void theClusterIsKRaftWithNodePoolsAndNoTopicAutoCreation(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Kafka kafka = overlay.kafka();
        String cluster = kafka.getMetadata().getName();
        List<KafkaNodePool> pools = overlay.all(KafkaNodePool.class).stream()
                .filter(pool -> cluster.equals(pool.getMetadata().getLabels().get("strimzi.io/cluster")))
                .toList();
        assertTrue(!pools.isEmpty(), overlayName + ": no KafkaNodePool labelled strimzi.io/cluster=" + cluster);
        Set<ProcessRoles> roles = EnumSet.noneOf(ProcessRoles.class);
        pools.forEach(pool -> roles.addAll(pool.getSpec().getRoles()));
        assertEquals(EnumSet.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), roles,
                overlayName + ": KRaft needs node pools with the controller and broker roles");
        Object autoCreate = kafka.getSpec().getKafka().getConfig().get("auto.create.topics.enable");
        assertEquals("false", String.valueOf(autoCreate),
                overlayName + ": auto.create.topics.enable must be false, so a topic exists only as a KafkaTopic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void replicationFitsTheBrokers(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Kafka kafka = overlay.kafka();
        String cluster = kafka.getMetadata().getName();
        int brokers = overlay.all(KafkaNodePool.class).stream()
                .filter(pool -> cluster.equals(pool.getMetadata().getLabels().get("strimzi.io/cluster")))
                .filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(pool -> pool.getSpec().getReplicas())
                .sum();
        Problems problems = new Problems(overlayName + " replication (" + brokers + " broker(s))");
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor", "min.insync.replicas", "transaction.state.log.min.isr")) {
            Object value = config.get(key);
            problems.check(value != null, "Kafka config sets no " + key);
            if (value != null) {
                problems.check(Integer.parseInt(value.toString()) <= brokers, "Kafka " + key + "=" + value + " exceeds the brokers");
            }
        }
        for (KafkaTopic topic : overlay.all(KafkaTopic.class)) {
            String name = RenderedOverlay.topicName(topic);
            problems.check(cluster.equals(topic.getMetadata().getLabels().get("strimzi.io/cluster")),
                    name + " is not labelled strimzi.io/cluster=" + cluster + " (the topic operator would ignore it)");
            Integer replicas = topic.getSpec().getReplicas();
            Integer partitions = topic.getSpec().getPartitions();
            problems.check(partitions != null && partitions >= 1, name + " sets no partitions");
            problems.check(replicas != null && replicas >= 1 && replicas <= brokers,
                    name + " replicas " + replicas + " not within 1.." + brokers);
            int minIsr = intConfig(topic, "min.insync.replicas", 1);
            if (replicas != null) {
                problems.check(minIsr <= replicas, name + " min.insync.replicas " + minIsr + " > replicas " + replicas);
                problems.check(replicas < 3 || minIsr >= 2, name + " is replicated " + replicas + "x but acks with min ISR " + minIsr);
            }
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void retentionMatchesWhatEachTopicIsFor(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " retention");
        Map<String, KafkaTopic> topics = overlay.all(KafkaTopic.class).stream()
                .collect(Collectors.toMap(RenderedOverlay::topicName, topic -> topic));
        long errorsRetention = -1;
        long longestOther = 0;
        for (KafkaTopic topic : topics.values()) {
            String name = RenderedOverlay.topicName(topic);
            String policy = String.valueOf(config(topic).get("cleanup.policy"));
            if (Topics.COMPACTED.contains(name)) {
                problems.check(policy.contains("compact"), name + " must be compacted (latest record per model), is '" + policy + "'");
                continue;
            }
            problems.check(policy.equals("delete"), name + " cleanup.policy should be delete, is '" + policy + "'");
            long retention = longConfig(topic, "retention.ms");
            problems.check(retention > 0, name + " sets no finite retention.ms");
            if (name.equals(Topics.ERRORS)) {
                errorsRetention = retention;
            } else {
                longestOther = Math.max(longestOther, retention);
            }
        }
        problems.check(errorsRetention > longestOther,
                Topics.ERRORS + " must be kept longer (" + errorsRetention + " ms) than any other topic (" + longestOther + " ms)");
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void servingsSharedTopicsHaveAPartitionPerReplica(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        HorizontalPodAutoscaler hpa = overlay.get(HorizontalPodAutoscaler.class, PrequelService.SERVING.k8sName());
        Problems problems = new Problems(overlayName + " serving partitions");
        for (String shared : List.of(Topics.PREDICT_REQUESTS, Topics.SCORING_LANDED)) {
            KafkaTopic topic = overlay.all(KafkaTopic.class).stream()
                    .filter(t -> RenderedOverlay.topicName(t).equals(shared)).findFirst().orElseThrow();
            problems.check(topic.getSpec().getPartitions() >= hpa.getSpec().getMaxReplicas(),
                    shared + " has " + topic.getSpec().getPartitions() + " partitions for up to "
                            + hpa.getSpec().getMaxReplicas() + " serving replicas in one consumer group");
        }
        problems.assertNone();
    }

    private static Map<String, Object> config(KafkaTopic topic) {
        return topic.getSpec().getConfig() == null ? Map.of() : topic.getSpec().getConfig();
    }

    private static int intConfig(KafkaTopic topic, String key, int fallback) {
        Object value = config(topic).get(key);
        return value == null ? fallback : Integer.parseInt(value.toString());
    }

    private static long longConfig(KafkaTopic topic, String key) {
        Object value = config(topic).get(key);
        return value == null ? -1 : Long.parseLong(value.toString());
    }
}
