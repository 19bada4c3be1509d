package dev.prequel.deploy;

import dev.prequel.deploy.StrictManifestParser.ManifestViolations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser the overlay checks rely on refuses each kind of mistake it is there to catch. */
class StrictManifestParserTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: example/web:1
                      %s
            """;
    private static final String TOPIC = """
            apiVersion: %s
            kind: KafkaTopic
            metadata:
              name: errors
              labels: {strimzi.io/cluster: prequel}
            spec:
              %s
              replicas: 1
            """;

    private final StrictManifestParser parser = new StrictManifestParser();

    @Test
    void typesWellFormedObjects() {
        List<HasMetadata> objects = parser.parse(DEPLOYMENT.formatted("readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}")
                + "---\n" + TOPIC.formatted("kafka.strimzi.io/v1", "partitions: 3"));
        assertInstanceOf(Deployment.class, objects.get(0));
        assertInstanceOf(KafkaTopic.class, objects.get(1));
        assertEquals(3, ((KafkaTopic) objects.get(1)).getSpec().getPartitions());
    }

    @Test
    void refusesAMisspeltContainerField() {
        assertProblem(DEPLOYMENT.formatted("readinesProbe: {httpGet: {path: /q/health/ready, port: 8080}}"),
                "spec.template.spec.containers[0].readinesProbe is not a field of Container");
    }

    @Test
    void refusesAMisspeltNestedField() {
        assertProblem(DEPLOYMENT.formatted("livenessProbe: {httpGet: {paht: /q/health/live, port: 8080}}"),
                "spec.template.spec.containers[0].livenessProbe.httpGet.paht is not a field of HTTPGetAction");
    }

    @Test
    void refusesAValueOfTheWrongType() {
        assertProblem(DEPLOYMENT.formatted("ports: [{containerPort: eighty}]"), "does not bind to its model");
    }

    @Test
    void refusesAMisspeltStrimziField() {
        assertProblem(TOPIC.formatted("kafka.strimzi.io/v1", "partition: 3"), "spec.partition is not a field of KafkaTopicSpec");
    }

    @Test
    void refusesTheRemovedStrimziApiVersion() {
        assertProblem(TOPIC.formatted("kafka.strimzi.io/v1beta2", "partitions: 3"),
                "KafkaTopic/errors: apiVersion 'kafka.strimzi.io/v1beta2', expected 'kafka.strimzi.io/v1'");
    }

    @Test
    void refusesAStrimziPropertyThatV1Removed() {
        String kafka = """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: prequel}
                spec:
                  kafka:
                    replicas: 3
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                """;
        assertProblem(kafka, "spec.kafka.replicas is deprecated in Strimzi");
    }

    @Test
    void refusesAKindWithoutATypedModel() {
        assertProblem("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n",
                "kind 'ServiceMonitor' (monitoring.coreos.com/v1) has no typed model");
    }

    @Test
    void refusesARetiredKubernetesApiVersion() {
        assertProblem("apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {maxUnavailable: 1}\n",
                "apiVersion 'policy/v1beta1', expected 'policy/v1'");
    }

    @Test
    void refusesADuplicateKey() {
        assertProblem("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1', a: '2'}\n", "not valid YAML");
    }

    private void assertProblem(String yaml, String expected) {
        ManifestViolations violations = assertThrows(ManifestViolations.class, () -> parser.parse(yaml));
        assertTrue(violations.problems().stream().anyMatch(p -> p.contains(expected)),
                "expected a problem containing '" + expected + "', got " + violations.problems());
    }
}
