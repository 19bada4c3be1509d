package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gpu overlay puts the trainer, and only the trainer, on one GPU; the cpu overlay asks for none. */
class GpuPlacementTest {
    private static final String GPU = "nvidia.com/gpu";

    @Test
    void gpuOverlayGivesTheTrainerOneGpu() {
        RenderedOverlay overlay = OverlayRenderer.render("gpu");
        Container trainer = overlay.workload("Deployment", PrequelService.TRAINER.k8sName()).mainContainer();
        Map<String, Quantity> limits = trainer.getResources().getLimits();
        assertEquals(new Quantity("1"), limits.get(GPU), "gpu: trainer must limit " + GPU + " to 1, limits " + limits);
        Quantity request = trainer.getResources().getRequests().get(GPU);
        assertTrue(request == null || request.equals(new Quantity("1")), "gpu: a GPU request must equal its limit, is " + request);
        assertTrue(trainer.getEnv().stream().anyMatch(e -> e.getName().equals("PYTORCH_LIBRARY_PATH")),
                "gpu: the trainer must point DJL at the image's CUDA libtorch (PYTORCH_LIBRARY_PATH)");
    }

    @Test
    void cpuOverlayAsksForNoGpu() {
        RenderedOverlay overlay = OverlayRenderer.render("cpu");
        overlay.workloads().forEach(workload -> workload.allContainers().forEach(container ->
                assertTrue(!ServiceWiringTest.requestsGpu(container), "cpu: " + workload + " asks for a GPU")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void aPodThatAsksForAGpuToleratesTheTaintAndSelectsGpuNodes(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " GPU placement");
        for (PodWorkload workload : overlay.workloads()) {
            boolean asks = workload.allContainers().stream().anyMatch(ServiceWiringTest::requestsGpu);
            if (!asks) {
                continue;
            }
            problems.check(workload.name().equals(PrequelService.TRAINER.k8sName()), workload + " asks for a GPU; only the trainer should");
            boolean tolerates = workload.podSpec().getTolerations().stream().anyMatch(GpuPlacementTest::toleratesGpuTaint);
            problems.check(tolerates, workload + " asks for a GPU but does not tolerate the " + GPU + " taint");
            Map<String, String> nodeSelector = workload.podSpec().getNodeSelector();
            boolean selectsGpuNodes = (nodeSelector != null && nodeSelector.keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/")))
                    || workload.podSpec().getAffinity() != null && workload.podSpec().getAffinity().getNodeAffinity() != null;
            problems.check(selectsGpuNodes, workload + " asks for a GPU but selects no GPU nodes");
            problems.check("Recreate".equals(overlay.deployment(workload.name()).getSpec().getStrategy().getType()),
                    workload + " must be replaced with Recreate: a rolling update would need a second GPU");
        }
        problems.assertNone();
    }

    private static boolean toleratesGpuTaint(Toleration toleration) {
        return GPU.equals(toleration.getKey())
                && ("Exists".equals(toleration.getOperator()) || toleration.getValue() != null)
                && (toleration.getEffect() == null || "NoSchedule".equals(toleration.getEffect()));
    }
}
