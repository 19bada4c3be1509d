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

    String configMapName() {
        return name + "-config";
    }
}
