package dev.prequel.deploy;

import dev.prequel.deploy.ContainerEnvironment.Origin;
import dev.prequel.deploy.ContainerEnvironment.Variable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every key a ConfigMap (or an env entry) hands a service is one the service reads. Quarkus ignores
 * an environment variable that matches no key it knows, so a typo would silently leave the default.
 */
class ServiceConfigKeysTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyConfigurationVariableIsAKeyTheServiceReads(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " configuration keys");
        for (PrequelService service : PrequelService.values()) {
            ServiceConfig config = ServiceConfig.load(service);
            Container container = overlay.workload("Deployment", service.k8sName()).mainContainer();
            for (Variable variable : ContainerEnvironment.of(container, overlay).values()) {
                boolean mustBeKey = variable.origin() == Origin.CONFIG_MAP || variable.origin() == Origin.SECRET
                        || QuarkusEnvName.looksLikeConfiguration(variable.name());
                if (mustBeKey && !config.reads(variable.name())) {
                    problems.add(service.k8sName() + ": " + variable.name()
                            + (variable.source() == null ? "" : " (from " + variable.source() + ")")
                            + " matches no key " + service.module() + " reads");
                }
            }
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void ingestConsumesMinioNotificationsInsteadOfPolling(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Map<String, Variable> env = ContainerEnvironment.of(
                overlay.workload("Deployment", PrequelService.INGEST.k8sName()).mainContainer(), overlay);
        Variable poll = env.get("PREQUEL_INGEST_POLL_ENABLED");
        if (poll == null || !"false".equals(poll.value())) {
            throw new AssertionError(overlayName + ": ingest must run with PREQUEL_INGEST_POLL_ENABLED=false "
                    + "(MinIO's notification writes storage.events), is " + (poll == null ? "unset" : poll.value()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyConfigMapIsUsed(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Set<String> referenced = new HashSet<>();
        for (PodWorkload workload : overlay.workloads()) {
            for (Container container : workload.allContainers()) {
                container.getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null)
                        .forEach(f -> referenced.add(f.getConfigMapRef().getName()));
                container.getEnv().stream()
                        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null)
                        .forEach(e -> referenced.add(e.getValueFrom().getConfigMapKeyRef().getName()));
            }
            for (Volume volume : workload.podSpec().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    referenced.add(volume.getConfigMap().getName());
                }
            }
        }
        Problems problems = new Problems(overlayName + " ConfigMaps");
        overlay.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName())
                .filter(name -> !referenced.contains(name))
                .forEach(name -> problems.add("ConfigMap " + name + " is used by no workload"));
        referenced.stream().filter(name -> overlay.find(ConfigMap.class, name).isEmpty())
                .forEach(name -> problems.add("a workload references ConfigMap " + name + ", which does not exist"));
        problems.assertNone();
    }
}
