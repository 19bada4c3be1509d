package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

/** Serving scales with load and survives voluntary disruptions; the autoscaler, not apply, owns its replicas. */
class ServingAvailabilityTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void servingHasAnAutoscalerAndADisruptionBudgetThatFit(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        String serving = PrequelService.SERVING.k8sName();
        PodWorkload workload = overlay.workload("Deployment", serving);
        Problems problems = new Problems(overlayName + " serving availability");

        List<HorizontalPodAutoscaler> autoscalers = overlay.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                        && serving.equals(h.getSpec().getScaleTargetRef().getName()))
                .toList();
        problems.check(autoscalers.size() == 1, "expected one HorizontalPodAutoscaler for Deployment " + serving + ", found " + autoscalers.size());
        int minReplicas = 1;
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            minReplicas = hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas();
            problems.check(minReplicas >= 1 && hpa.getSpec().getMaxReplicas() >= minReplicas,
                    "HPA range " + minReplicas + ".." + hpa.getSpec().getMaxReplicas() + " is empty");
            for (MetricSpec metric : hpa.getSpec().getMetrics()) {
                if (metric.getResource() != null) {
                    String resource = metric.getResource().getName();
                    problems.check(workload.mainContainer().getResources().getRequests().containsKey(resource),
                            "HPA scales on " + resource + " utilisation, which serving does not request");
                }
            }
        }
        problems.check(overlay.deployment(serving).getSpec().getReplicas() == null,
                "Deployment " + serving + " sets replicas: every apply would undo the autoscaler");

        List<PodDisruptionBudget> budgets = overlay.all(PodDisruptionBudget.class).stream()
                .filter(pdb -> Selectors.matches(pdb.getSpec().getSelector(), workload.podLabels()))
                .toList();
        problems.check(budgets.size() == 1, "expected one PodDisruptionBudget selecting serving pods, found " + budgets.size());
        for (PodDisruptionBudget pdb : budgets) {
            if (pdb.getSpec().getMinAvailable() != null) {
                Integer minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
                problems.check(minAvailable != null && minAvailable < minReplicas,
                        "PDB minAvailable " + pdb.getSpec().getMinAvailable() + " would block every drain at " + minReplicas + " replica(s)");
            } else {
                problems.check(pdb.getSpec().getMaxUnavailable() != null, "PDB sets neither minAvailable nor maxUnavailable");
            }
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void onlyServingIsAutoscaled(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " autoscalers");
        for (HorizontalPodAutoscaler hpa : overlay.all(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            // The other services are single consumers of ordered work (one trainer job at a time).
            problems.check(target.equals(PrequelService.SERVING.k8sName()), "HPA " + hpa.getMetadata().getName() + " scales " + target);
            problems.check(overlay.find(Deployment.class, target).isPresent(), "HPA targets missing Deployment " + target);
        }
        problems.assertNone();
    }
}
