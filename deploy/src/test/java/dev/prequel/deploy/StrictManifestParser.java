package dev.prequel.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into typed objects and refuses anything it cannot type exactly: a kind
 * without a model, an API version the target cluster does not serve, a misspelt or unknown field
 * (kept by fabric8 and Strimzi as "additional properties", which {@link UnknownFieldFinder} reports),
 * a Strimzi property deprecated in v1beta2 and gone from v1, a value of the wrong type, a duplicate key.
 */
final class StrictManifestParser {
    static final String STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

    /** The API version each kind must use: served by Kubernetes 1.29+ and Strimzi 1.0. */
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"),
            Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("Job", "batch/v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("Kafka", STRIMZI_API_VERSION),
            Map.entry("KafkaNodePool", STRIMZI_API_VERSION),
            Map.entry("KafkaTopic", STRIMZI_API_VERSION));

    /** Strimzi's classes carry fabric8's annotations for v1beta2, so they are bound by kind, not by registry. */
    private static final Map<String, Class<? extends HasMetadata>> STRIMZI_KINDS = Map.of(
            "Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class);

    private final ObjectMapper json = new ObjectMapper();
    private final KubernetesSerialization serialization = new KubernetesSerialization(json, true);
    private final ObjectMapper yaml = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private final UnknownFieldFinder unknownFields = new UnknownFieldFinder(json);

    /** Every document typed, or every problem found in any of them. */
    List<HasMetadata> parse(String multiDocumentYaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
            documents = docs.readAll();
        } catch (IOException e) {
            throw new ManifestViolations(List.of("not valid YAML: " + e.getMessage()));
        }
        for (JsonNode document : documents) {
            if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                continue;
            }
            parseDocument(document, objects, problems);
        }
        if (!problems.isEmpty()) {
            throw new ManifestViolations(problems);
        }
        return objects;
    }

    private void parseDocument(JsonNode document, List<HasMetadata> objects, List<String> problems) {
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");
        String name = kind + "/" + document.path("metadata").path("name").asText("<no name>");
        String expectedVersion = API_VERSIONS.get(kind);
        if (expectedVersion == null) {
            problems.add(name + ": kind '" + kind + "' (" + apiVersion + ") has no typed model in these checks");
            return;
        }
        if (!expectedVersion.equals(apiVersion)) {
            problems.add(name + ": apiVersion '" + apiVersion + "', expected '" + expectedVersion + "'");
            return;
        }
        HasMetadata object;
        try {
            Class<? extends HasMetadata> strimziType = STRIMZI_KINDS.get(kind);
            if (strimziType != null) {
                object = serialization.unmarshal(serialization.asJson(document), strimziType);
            } else {
                KubernetesResource typed = serialization.unmarshal(serialization.asJson(document));
                if (!(typed instanceof HasMetadata hasMetadata) || typed instanceof GenericKubernetesResource) {
                    problems.add(name + ": no typed fabric8 model for " + apiVersion + " " + kind);
                    return;
                }
                object = hasMetadata;
            }
        } catch (RuntimeException e) {
            problems.add(name + ": does not bind to its model: " + rootMessage(e));
            return;
        }
        List<String> found = unknownFields.find(object);
        found.forEach(problem -> problems.add(name + ": " + problem));
        objects.add(object);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.toString() : message.lines().findFirst().orElse(message);
    }

    /** Everything wrong with a set of manifests, reported together. */
    static final class ManifestViolations extends RuntimeException {
        private final List<String> problems;

        ManifestViolations(List<String> problems) {
            super(problems.size() + " problem(s) in the manifests:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }
}
