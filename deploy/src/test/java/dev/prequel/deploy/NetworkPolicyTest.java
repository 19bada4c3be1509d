package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NetworkPolicy semantics evaluated on the rendered pod labels: everything is denied by default, only
 * serving takes traffic from outside the
 * namespace, and MinIO and Kafka take it only from the services (and MinIO's set-up Job, and MinIO's
 * notification for Kafka).
 */
class NetworkPolicyTest {
    /** Workloads that may be reached from outside the namespace. */
    private static final Set<String> PUBLIC = Set.of(PrequelService.SERVING.k8sName());
    /** The one outside peer every service admits: Prometheus in namespace monitoring, for /q/metrics. */
    private static final Map<String, String> PROMETHEUS_NAMESPACE = Map.of("kubernetes.io/metadata.name", "monitoring");
    private static final Map<String, String> PROMETHEUS_POD = Map.of("app.kubernetes.io/name", "prometheus");

    private static final Set<String> SERVICES = Arrays.stream(PrequelService.values())
            .map(PrequelService::k8sName).collect(Collectors.toCollection(TreeSet::new));

    /** One ingress source admitted by one policy's rule; a null peer means "from anywhere". */
    private record Admission(NetworkPolicy policy, NetworkPolicyIngressRule rule, NetworkPolicyPeer peer) {
        /** The ports the rule opens (named or numbered, as written); empty means every port. */
        List<String> ports() {
            return rule.getPorts() == null ? List.of() : rule.getPorts().stream()
                    .map(p -> p.getPort() == null ? "*" : p.getPort().getStrVal() != null ? p.getPort().getStrVal()
                            : String.valueOf(p.getPort().getIntVal())).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void theEvaluatorsAdminPortIsOpenToNoOneAndPrometheusReachesOnlyItsManagementPort(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        PodWorkload evaluator = overlay.workload("Deployment", PrequelService.EVALUATOR.k8sName());
        Problems problems = new Problems(overlayName + " evaluator ingress");
        List<Admission> admissions = admissions(overlay, evaluator.podLabels());
        for (Admission admission : admissions) {
            List<String> ports = admission.ports();
            problems.check(!ports.isEmpty() && ports.stream().allMatch(p -> p.equals("management")
                            || p.equals(String.valueOf(PrequelService.MANAGEMENT_PORT))),
                    "policy " + admission.policy().getMetadata().getName() + " admits " + describe(admission.peer())
                            + " to the evaluator on ports " + (ports.isEmpty() ? "all" : ports)
                            + ": only the management port may be opened (the HTTP port carries the admin API)");
        }
        problems.check(admissions.stream().anyMatch(a -> a.peer() != null && isPrometheus(a.peer())),
                "Prometheus cannot reach the evaluator's management port");
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void ingressIsDeniedByDefault(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        boolean defaultDeny = overlay.all(NetworkPolicy.class).stream().anyMatch(policy ->
                Selectors.isEmpty(policy.getSpec().getPodSelector())
                        && isIngressPolicy(policy)
                        && policy.getSpec().getIngress().isEmpty());
        assertTrue(defaultDeny, overlayName + ": no NetworkPolicy that selects every pod and admits no ingress");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void onlyServingTakesTrafficFromOutsideTheNamespace(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Set<String> reachableFromOutside = new TreeSet<>();
        for (PodWorkload workload : overlay.workloads()) {
            for (Admission admission : admissions(overlay, workload.podLabels())) {
                if (isFromOutside(admission.peer())) {
                    reachableFromOutside.add(workload.name());
                }
            }
        }
        assertTrue(reachableFromOutside.contains(PrequelService.SERVING.k8sName()),
                overlayName + ": serving must take inference traffic from outside the namespace");
        Set<String> unexpected = new TreeSet<>(reachableFromOutside);
        unexpected.removeAll(PUBLIC);
        assertTrue(unexpected.isEmpty(), overlayName + ": reachable from outside the namespace: " + unexpected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void minioTakesTrafficOnlyFromTheServicesAndItsSetUp(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        PodWorkload minio = overlay.workload("StatefulSet", "minio");
        List<Admission> admissions = admissions(overlay, minio.podLabels());
        Problems problems = new Problems(overlayName + " MinIO ingress");
        Set<String> clients = new TreeSet<>();
        for (Admission admission : admissions) {
            NetworkPolicyPeer peer = admission.peer();
            if (!isPodInNamespace(peer)) {
                problems.add("policy " + admission.policy().getMetadata().getName() + " admits " + describe(peer) + " to MinIO");
                continue;
            }
            clients.addAll(workloadsSelectedBy(overlay, peer.getPodSelector()));
        }
        Set<String> expected = new TreeSet<>(SERVICES);
        expected.add("minio-setup");
        problems.check(clients.equals(expected), "MinIO admits " + clients + ", expected " + expected);
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void kafkaListenersTakeTrafficOnlyFromTheServicesAndMinio(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " Kafka listener peers");
        Set<String> expected = new TreeSet<>(SERVICES);
        expected.add("minio");
        for (GenericKafkaListener listener : overlay.kafka().getSpec().getKafka().getListeners()) {
            // Strimzi turns networkPolicyPeers into the brokers' NetworkPolicy; none means "everyone".
            List<NetworkPolicyPeer> peers = listener.getNetworkPolicyPeers() == null ? List.of() : listener.getNetworkPolicyPeers();
            problems.check(!peers.isEmpty(), "listener " + listener.getName() + " has no networkPolicyPeers: open to every pod");
            Set<String> clients = new TreeSet<>();
            for (NetworkPolicyPeer peer : peers) {
                if (!isPodInNamespace(peer)) {
                    problems.add("listener " + listener.getName() + " admits " + describe(peer));
                    continue;
                }
                clients.addAll(workloadsSelectedBy(overlay, peer.getPodSelector()));
            }
            problems.check(clients.equals(expected), "listener " + listener.getName() + " admits " + clients + ", expected " + expected);
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void prometheusCanScrapeEveryService(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        for (String service : SERVICES) {
            PodWorkload workload = overlay.workload("Deployment", service);
            boolean scrapeable = admissions(overlay, workload.podLabels()).stream()
                    .anyMatch(a -> a.peer() == null || isPrometheus(a.peer()));
            assertTrue(scrapeable, overlayName + ": no policy lets Prometheus reach " + service + "'s /q/metrics");
        }
    }

    private static List<Admission> admissions(RenderedOverlay overlay, Map<String, String> podLabels) {
        List<Admission> admissions = new ArrayList<>();
        for (NetworkPolicy policy : overlay.all(NetworkPolicy.class)) {
            if (!isIngressPolicy(policy) || !Selectors.matches(policy.getSpec().getPodSelector(), podLabels)) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    admissions.add(new Admission(policy, rule, null));
                } else {
                    rule.getFrom().forEach(peer -> admissions.add(new Admission(policy, rule, peer)));
                }
            }
        }
        return admissions;
    }

    private static boolean isIngressPolicy(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private static boolean isPodInNamespace(NetworkPolicyPeer peer) {
        return peer != null && peer.getPodSelector() != null && peer.getNamespaceSelector() == null && peer.getIpBlock() == null;
    }

    private static boolean isPrometheus(NetworkPolicyPeer peer) {
        return peer.getIpBlock() == null
                && peer.getNamespaceSelector() != null && PROMETHEUS_NAMESPACE.equals(peer.getNamespaceSelector().getMatchLabels())
                && peer.getPodSelector() != null && PROMETHEUS_POD.equals(peer.getPodSelector().getMatchLabels());
    }

    private static boolean isFromOutside(NetworkPolicyPeer peer) {
        if (peer == null) {
            return true;
        }
        if (isPrometheus(peer)) {
            return false;
        }
        return peer.getIpBlock() != null || peer.getNamespaceSelector() != null;
    }

    private static Set<String> workloadsSelectedBy(RenderedOverlay overlay, LabelSelector selector) {
        return overlay.workloads().stream().filter(w -> Selectors.matches(selector, w.podLabels()))
                .map(PodWorkload::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String describe(NetworkPolicyPeer peer) {
        if (peer == null) {
            return "any source";
        }
        List<String> parts = new ArrayList<>();
        if (peer.getIpBlock() != null) {
            parts.add("ipBlock " + peer.getIpBlock().getCidr());
        }
        if (peer.getNamespaceSelector() != null) {
            parts.add("namespaces " + describe(peer.getNamespaceSelector()));
        }
        if (peer.getPodSelector() != null) {
            parts.add("pods " + describe(peer.getPodSelector()));
        }
        return String.join(" and ", parts);
    }

    private static String describe(LabelSelector selector) {
        return Selectors.isEmpty(selector) ? "{all}" : String.valueOf(selector.getMatchLabels())
                + (selector.getMatchExpressions().isEmpty() ? "" : " " + selector.getMatchExpressions().size() + " expression(s)");
    }
}
