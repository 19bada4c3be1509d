package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

/** Every pod that runs: probes (if long-running), requests and limits, and a non-root, locked-down context. */
class WorkloadInvariantsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyLongRunningContainerHasLivenessAndReadinessProbes(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " probes");
        for (PodWorkload workload : overlay.workloads()) {
            if (!workload.isLongRunning()) {
                continue;
            }
            for (Container container : workload.podSpec().getContainers()) {
                problems.check(container.getLivenessProbe() != null, workload + " container " + container.getName() + " has no livenessProbe");
                problems.check(container.getReadinessProbe() != null, workload + " container " + container.getName() + " has no readinessProbe");
            }
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyContainerRequestsAndLimitsCpuAndMemory(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " resources");
        for (PodWorkload workload : overlay.workloads()) {
            for (Container container : workload.allContainers()) {
                String where = workload + " container " + container.getName();
                ResourceRequirements resources = container.getResources();
                Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
                Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
                for (String resource : new String[] {"cpu", "memory"}) {
                    Quantity request = requests.get(resource);
                    Quantity limit = limits.get(resource);
                    problems.check(request != null, where + " requests no " + resource);
                    problems.check(limit != null, where + " sets no " + resource + " limit");
                    if (request != null && limit != null) {
                        problems.check(Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) <= 0,
                                where + " requests more " + resource + " (" + request + ") than its limit (" + limit + ")");
                    }
                }
            }
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyContainerRunsAsNonRootWithoutPrivileges(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " security contexts");
        for (PodWorkload workload : overlay.workloads()) {
            PodSecurityContext pod = workload.podSpec().getSecurityContext();
            for (Container container : workload.allContainers()) {
                String where = workload + " container " + container.getName();
                SecurityContext own = container.getSecurityContext();
                Boolean nonRoot = own != null && own.getRunAsNonRoot() != null ? own.getRunAsNonRoot()
                        : pod == null ? null : pod.getRunAsNonRoot();
                Long user = own != null && own.getRunAsUser() != null ? own.getRunAsUser()
                        : pod == null ? null : pod.getRunAsUser();
                problems.check(Boolean.TRUE.equals(nonRoot), where + " does not set runAsNonRoot: true");
                problems.check(user == null || user != 0L, where + " runs as uid 0");
                problems.check(own != null && Boolean.FALSE.equals(own.getAllowPrivilegeEscalation()),
                        where + " does not set allowPrivilegeEscalation: false");
                problems.check(own == null || !Boolean.TRUE.equals(own.getPrivileged()), where + " is privileged");
                problems.check(own != null && own.getCapabilities() != null && own.getCapabilities().getDrop().contains("ALL"),
                        where + " does not drop ALL capabilities");
                problems.check(own != null && Boolean.TRUE.equals(own.getReadOnlyRootFilesystem()),
                        where + " has a writable root filesystem");
            }
        }
        problems.assertNone();
    }

    /**
     * With a read-only root filesystem, /tmp and every directory the environment names (DJL_CACHE_DIR,
     * PREQUEL_SERVING_MODEL_DIR, MC_CONFIG_DIR, MinIO's queue dir...) must be a writable volume, or the
     * process fails at its first write.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyDirectoryAProcessWritesIsAWritableVolume(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " writable directories");
        for (PodWorkload workload : overlay.workloads()) {
            for (Container container : workload.allContainers()) {
                SecurityContext own = container.getSecurityContext();
                if (own == null || !Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
                    continue;
                }
                String where = workload + " container " + container.getName();
                problems.check(isWritable(container, "/tmp/x"), where + " has a read-only root and no volume on /tmp");
                ContainerEnvironment.values(ContainerEnvironment.of(container, overlay)).forEach((name, value) -> {
                    boolean namesDirectory = name.endsWith("_DIR") || name.contains("_DIR_");
                    if (namesDirectory && value.startsWith("/")) {
                        problems.check(isWritable(container, value), where + " " + name + "=" + value + " is not on a writable volume");
                    }
                });
            }
        }
        problems.assertNone();
    }

    private static boolean isWritable(Container container, String path) {
        return container.getVolumeMounts().stream().anyMatch(mount -> !Boolean.TRUE.equals(mount.getReadOnly())
                && (path.equals(mount.getMountPath()) || path.startsWith(mount.getMountPath().endsWith("/")
                        ? mount.getMountPath() : mount.getMountPath() + "/")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyImageIsPinnedToATag(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " images");
        for (PodWorkload workload : overlay.workloads()) {
            for (Container container : workload.allContainers()) {
                String image = container.getImage();
                String lastSegment = image.substring(image.lastIndexOf('/') + 1);
                problems.check(lastSegment.contains(":") || image.contains("@sha256:"),
                        workload + " image " + image + " has no tag");
                problems.check(!image.endsWith(":latest"), workload + " image " + image + " floats on :latest");
            }
        }
        problems.assertNone();
    }
}
