package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Something that runs pods (Deployment, StatefulSet, Job), reduced to what the checks look at. */
record PodWorkload(String kind, String name, PodTemplateSpec template) {

    PodSpec podSpec() {
        return template.getSpec();
    }

    Map<String, String> podLabels() {
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    Map<String, String> podAnnotations() {
        Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** Init containers and containers. */
    List<Container> allContainers() {
        List<Container> containers = new ArrayList<>(podSpec().getInitContainers());
        containers.addAll(podSpec().getContainers());
        return containers;
    }

    /** The container named like the workload, else the only one. */
    Container mainContainer() {
        List<Container> containers = podSpec().getContainers();
        return containers.stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseGet(() -> {
                    if (containers.size() != 1) {
                        throw new AssertionError(this + ": no container named '" + name + "' among " + containers.size());
                    }
                    return containers.get(0);
                });
    }

    boolean isLongRunning() {
        return !kind.equals("Job");
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
