package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every overlay renders with kubectl kustomize and every object in it parses strictly (see StrictManifestParser). */
class OverlayRenderTest {

    @Test
    void theExpectedOverlaysExist() {
        assertTrue(DeployTree.overlays().containsAll(List.of("cpu", "gpu")), "overlays: " + DeployTree.overlays());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void rendersAndParsesStrictly(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Set<String> kinds = overlay.objects().stream().map(HasMetadata::getKind).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(kinds.containsAll(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet", "Job", "Deployment",
                "Service", "ConfigMap", "Secret", "NetworkPolicy", "PodDisruptionBudget", "HorizontalPodAutoscaler")),
                overlayName + " renders only " + kinds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everythingLivesInOneNamespace(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        List<Namespace> namespaces = overlay.all(Namespace.class);
        assertEquals(1, namespaces.size(), overlayName + ": expected one Namespace");
        String namespace = namespaces.get(0).getMetadata().getName();
        overlay.objects().stream().filter(o -> !(o instanceof Namespace)).forEach(o ->
                assertEquals(namespace, o.getMetadata().getNamespace(), overlayName + ": " + o.getKind() + "/" + o.getMetadata().getName()));
    }
}
