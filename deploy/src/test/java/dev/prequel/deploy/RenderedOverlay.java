package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The typed objects one overlay renders to, with the look-ups the checks need. */
record RenderedOverlay(String name, List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String objectName) {
        return all(type).stream().filter(o -> objectName.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String objectName) {
        return find(type, objectName).orElseThrow(() -> new AssertionError(
                name + ": no " + type.getSimpleName() + " named '" + objectName + "'"));
    }

    Deployment deployment(String objectName) {
        return get(Deployment.class, objectName);
    }

    Service service(String objectName) {
        return get(Service.class, objectName);
    }

    /** The one Strimzi Kafka cluster. */
    Kafka kafka() {
        List<Kafka> clusters = all(Kafka.class);
        if (clusters.size() != 1) {
            throw new AssertionError(name + ": expected exactly one Kafka, found " + clusters.size());
        }
        return clusters.get(0);
    }

    /** The Kafka topic name of a KafkaTopic: spec.topicName, else its object name. */
    static String topicName(KafkaTopic topic) {
        String topicName = topic.getSpec() == null ? null : topic.getSpec().getTopicName();
        return topicName != null ? topicName : topic.getMetadata().getName();
    }

    Map<String, String> configMapData(String objectName) {
        ConfigMap configMap = get(ConfigMap.class, objectName);
        return configMap.getData() == null ? Map.of() : configMap.getData();
    }

    Secret secret(String objectName) {
        return get(Secret.class, objectName);
    }

    /** Deployments, StatefulSets and Jobs: everything that runs pods. */
    List<PodWorkload> workloads() {
        List<PodWorkload> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(workload(d, d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> workloads.add(workload(s, s.getSpec().getTemplate())));
        all(Job.class).forEach(j -> workloads.add(workload(j, j.getSpec().getTemplate())));
        return workloads;
    }

    PodWorkload workload(String kind, String objectName) {
        return workloads().stream()
                .filter(w -> w.kind().equals(kind) && w.name().equals(objectName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no " + kind + " named '" + objectName + "'"));
    }

    private static PodWorkload workload(HasMetadata owner, PodTemplateSpec template) {
        return new PodWorkload(owner.getKind(), owner.getMetadata().getName(), template);
    }

    @Override
    public String toString() {
        return name;
    }
}
