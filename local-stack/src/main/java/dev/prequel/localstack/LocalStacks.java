package dev.prequel.localstack;

import java.util.Locale;

/** Picks the {@link LocalStack} implementation: embedded by default, Testcontainers when asked for. */
public final class LocalStacks {
    /** System property; the environment variable {@code PREQUEL_STACK} is read when it is absent. */
    public static final String SELECTOR = "prequel.stack";
    public static final String EMBEDDED = "embedded";
    public static final String CONTAINERS = "containers";

    private LocalStacks() {
    }

    /** Starts a new stack of the selected kind; the caller closes it. */
    public static LocalStack start() {
        String kind = selectedKind();
        return switch (kind) {
            case EMBEDDED -> EmbeddedLocalStack.start();
            case CONTAINERS -> startContainers();
            default -> throw new IllegalArgumentException(
                    SELECTOR + "=" + kind + " is not known; use " + EMBEDDED + " or " + CONTAINERS);
        };
    }

    /** The stack shared by everything in this JVM (tests, Quarkus test resources); stopped at JVM exit. */
    public static LocalStack shared() {
        return JvmWideStack.get();
    }

    static String selectedKind() {
        String kind = System.getProperty(SELECTOR);
        if (kind == null || kind.isBlank()) {
            kind = System.getenv("PREQUEL_STACK");
        }
        return kind == null || kind.isBlank() ? EMBEDDED : kind.trim().toLowerCase(Locale.ROOT);
    }

    private static LocalStack startContainers() {
        try {
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, LocalStacks.class.getClassLoader());
            Class.forName("org.testcontainers.containers.MinIOContainer", false, LocalStacks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(SELECTOR + "=" + CONTAINERS + " needs org.testcontainers:kafka and "
                    + "org.testcontainers:minio on the classpath (optional dependencies of local-stack)", e);
        }
        return ContainerLocalStack.start();
    }
}
