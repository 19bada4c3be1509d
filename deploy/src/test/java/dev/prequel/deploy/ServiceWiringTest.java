package dev.prequel.deploy;

import dev.prequel.deploy.ContainerEnvironment.Origin;
import dev.prequel.deploy.ContainerEnvironment.Variable;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

/** Each service's Deployment, Service and environment line up with how the service is built and listens. */
class ServiceWiringTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void imagesAreTheOnesJibBuilds(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " images");
        for (PrequelService service : PrequelService.values()) {
            Container container = overlay.workload("Deployment", service.k8sName()).mainContainer();
            // A container that asks for a GPU runs the image variant with CUDA libtorch.
            String repository = service.imageRepository() + (requestsGpu(container) ? "-gpu" : "");
            String expected = repository + ":" + DeployTree.projectVersion();
            problems.check(expected.equals(withoutRegistry(container.getImage())),
                    service.k8sName() + " runs " + container.getImage() + ", Jib builds " + expected);
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void everyServiceListensOnItsHttpPortAndServiceAndProbesPointThere(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Problems problems = new Problems(overlayName + " ports and probes");
        int port = PrequelService.HTTP_PORT;
        for (PrequelService service : PrequelService.values()) {
            String name = service.k8sName();
            PodWorkload workload = overlay.workload("Deployment", name);
            Container container = workload.mainContainer();
            problems.check(container.getPorts().stream().anyMatch(p -> p.getContainerPort() == port && "http".equals(p.getName())),
                    name + " declares no container port " + port + " named http");
            Variable httpPort = ContainerEnvironment.of(container, overlay).get("QUARKUS_HTTP_PORT");
            problems.check(httpPort != null && String.valueOf(port).equals(httpPort.value()),
                    name + " does not set QUARKUS_HTTP_PORT=" + port + " (its application.properties port is for local runs)");
            // With the management interface on, /q (health, metrics) answers only on the management port.
            int qPort = port;
            if (service.hasManagementInterface()) {
                qPort = PrequelService.MANAGEMENT_PORT;
                problems.check(container.getPorts().stream()
                                .anyMatch(p -> p.getContainerPort() == PrequelService.MANAGEMENT_PORT && "management".equals(p.getName())),
                        name + " enables the management interface but declares no container port "
                                + PrequelService.MANAGEMENT_PORT + " named management");
                Variable managementPort = ContainerEnvironment.of(container, overlay).get("QUARKUS_MANAGEMENT_PORT");
                problems.check(managementPort != null && String.valueOf(qPort).equals(managementPort.value()),
                        name + " does not set QUARKUS_MANAGEMENT_PORT=" + qPort);
            }
            checkProbe(problems, name + " readinessProbe", container.getReadinessProbe(), container, "/q/health/ready", qPort);
            checkProbe(problems, name + " livenessProbe", container.getLivenessProbe(), container, "/q/health/live", qPort);
            if (container.getStartupProbe() != null) {
                checkProbe(problems, name + " startupProbe", container.getStartupProbe(), container, "/q/health/started", qPort);
            }

            Service k8sService = overlay.service(name);
            problems.check(Selectors.matchesServiceSelector(k8sService.getSpec().getSelector(), workload.podLabels()),
                    "Service " + name + " does not select the pods of Deployment " + name);
            overlay.workloads().stream()
                    .filter(other -> !other.name().equals(name))
                    .filter(other -> Selectors.matchesServiceSelector(k8sService.getSpec().getSelector(), other.podLabels()))
                    .forEach(other -> problems.add("Service " + name + " also selects " + other));
            for (ServicePort servicePort : k8sService.getSpec().getPorts()) {
                Integer target = resolvePort(servicePort.getTargetPort() == null
                        ? new IntOrString(servicePort.getPort()) : servicePort.getTargetPort(), container);
                problems.check(target != null && target == port,
                        "Service " + name + " port " + servicePort.getPort() + " targets " + describe(servicePort.getTargetPort()) + ", not " + port);
            }

            Map<String, String> annotations = workload.podAnnotations();
            problems.check("true".equals(annotations.get("prometheus.io/scrape")), name + " pods are not marked for Prometheus scraping");
            problems.check(String.valueOf(qPort).equals(annotations.get("prometheus.io/port")), name + " prometheus.io/port is not " + qPort);
            problems.check("/q/metrics".equals(annotations.get("prometheus.io/path")), name + " prometheus.io/path is not /q/metrics");
        }
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void servicesReachKafkaAndMinioAndTakeS3CredentialsFromASecret(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        GenericKafkaListener plain = overlay.kafka().getSpec().getKafka().getListeners().stream()
                .filter(l -> !l.isTls()).findFirst()
                .orElseThrow(() -> new AssertionError(overlayName + ": Kafka has no plain listener"));
        String bootstrap = overlay.kafka().getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort();
        Service minio = overlay.service("minio");
        int minioPort = minio.getSpec().getPorts().stream().filter(p -> "api".equals(p.getName()))
                .findFirst().orElseThrow().getPort();
        String s3Endpoint = "http://minio:" + minioPort;

        Problems problems = new Problems(overlayName + " service environment");
        for (PrequelService service : PrequelService.values()) {
            String name = service.k8sName();
            Map<String, Variable> env = ContainerEnvironment.of(overlay.workload("Deployment", name).mainContainer(), overlay);
            expectValue(problems, name, env, "KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            expectValue(problems, name, env, "PREQUEL_S3_ENDPOINT", s3Endpoint);
            for (String secretKey : new String[] {"PREQUEL_S3_ACCESS_KEY", "PREQUEL_S3_SECRET_KEY"}) {
                Variable variable = env.get(secretKey);
                problems.check(variable != null && variable.origin() == Origin.SECRET,
                        name + " " + secretKey + " must come from a Secret, comes from "
                                + (variable == null ? "nowhere" : variable.origin()));
            }
        }
        problems.assertNone();
    }

    /** An image reference without its registry host (a local overlay may push to localhost:5001/prequel/...). */
    static String withoutRegistry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return image;
        }
        String first = image.substring(0, slash);
        boolean isRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isRegistry ? image.substring(slash + 1) : image;
    }

    static boolean requestsGpu(Container container) {
        if (container.getResources() == null) {
            return false;
        }
        Map<String, Quantity> limits = container.getResources().getLimits();
        Map<String, Quantity> requests = container.getResources().getRequests();
        return (limits != null && limits.containsKey("nvidia.com/gpu")) || (requests != null && requests.containsKey("nvidia.com/gpu"));
    }

    private static void expectValue(Problems problems, String service, Map<String, Variable> env, String name, String expected) {
        Variable variable = env.get(name);
        problems.check(variable != null && expected.equals(variable.value()),
                service + " " + name + " is " + (variable == null ? "unset" : "'" + variable.value() + "'") + ", expected '" + expected + "'");
    }

    private static void checkProbe(Problems problems, String where, Probe probe, Container container, String path, int expectedPort) {
        if (probe == null) {
            problems.add(where + " is missing");
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            problems.add(where + " is not an HTTP GET of " + path);
            return;
        }
        problems.check(path.equals(get.getPath()), where + " GETs " + get.getPath() + ", expected " + path);
        Integer port = resolvePort(get.getPort(), container);
        problems.check(port != null && port == expectedPort, where + " probes port " + describe(get.getPort()) + ", not " + expectedPort);
    }

    static String describe(IntOrString port) {
        return port == null ? "none" : port.getIntVal() != null ? port.getIntVal().toString() : "'" + port.getStrVal() + "'";
    }

    /** A numeric port, or a named one looked up among the container's ports. */
    static Integer resolvePort(IntOrString port, Container container) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }
}
