package dev.prequel.deploy;

/** The five services: their Kubernetes name (Deployment, Service, ConfigMap prefix) and Maven module. */
enum PrequelService {
    INGEST("ingest"),
    PREPROCESS("preprocess"),
    TRAINER("trainer"),
    EVALUATOR("evaluator"),
    SERVING("serving");

    /** Every service listens here in the cluster (QUARKUS_HTTP_PORT). */
    static final int HTTP_PORT = 8080;
    /** Where /q (health, metrics) listens in the cluster when a service enables Quarkus' management interface. */
    static final int MANAGEMENT_PORT = 9000;
    static final String IMAGE_GROUP = "prequel";

    private final String name;

    PrequelService(String name) {
        this.name = name;
    }

    /** Deployment, Service and app.kubernetes.io/name label. */
    String k8sName() {
        return name;
    }

    String module() {
        return name + "-service";
    }

    /** The image repository Jib builds: {@code prequel/<module>}. */
    String imageRepository() {
        return IMAGE_GROUP + "/" + module();
    }

    /** Whether the service's application.properties turns on the management interface (build-time key). */
    boolean hasManagementInterface() {
        return "true".equals(ServiceConfig.load(this).properties().get("quarkus.management.enabled"));
    }

    String configMapName() {
        return name + "-config";
    }
}
