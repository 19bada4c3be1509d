package dev.prequel.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a service reads, from its src/main/resources/application.properties: every key (a
 * {@code %prod.}/{@code %dev.} profile prefix stripped) plus the keys every service reads
 * (the shared spec), and the Kafka topics it is configured with.
 */
record ServiceConfig(PrequelService service, Map<String, String> properties) {

    /** Read by every service (the shared spec), whether or not its application.properties repeats them. */
    static final Set<String> COMMON_KEYS = Set.of(
            "kafka.bootstrap.servers",
            "prequel.s3.endpoint",
            "prequel.s3.access-key",
            "prequel.s3.secret-key",
            "prequel.s3.region",
            "quarkus.http.port");

    private static final Pattern PROFILE_PREFIX = Pattern.compile("^%[^.]+\\.");
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic$");
    /** Topics a service publishes to through its dynamic publisher (pipeline-runtime's EventPublisher). */
    static final String PUBLISHES_KEY = "prequel.events.publishes";

    static Path propertiesFile(PrequelService service) {
        return DeployTree.repositoryRoot().resolve(service.module()).resolve("src/main/resources/application.properties");
    }

    static ServiceConfig load(PrequelService service) {
        Path file = propertiesFile(service);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(service.module() + " has no " + DeployTree.repositoryRoot().relativize(file)
                    + ": the keys its ConfigMap may set and the topics it uses cannot be checked");
        }
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new TreeMap<>();
        raw.stringPropertyNames().forEach(key -> properties.put(key, raw.getProperty(key)));
        return new ServiceConfig(service, properties);
    }

    static String withoutProfile(String key) {
        return PROFILE_PREFIX.matcher(key).replaceFirst("");
    }

    /** Every key the service reads, in canonical environment form. */
    Set<String> canonicalKeys() {
        Set<String> keys = new TreeSet<>();
        properties.keySet().forEach(key -> keys.add(QuarkusEnvName.canonical(withoutProfile(key))));
        COMMON_KEYS.forEach(key -> keys.add(QuarkusEnvName.canonical(key)));
        return keys;
    }

    boolean reads(String envName) {
        return canonicalKeys().contains(QuarkusEnvName.canonical(envName));
    }

    /**
     * Topics as configured in the file, with environment overrides (env name to value) applied: every
     * {@code mp.messaging.*.topic} and every topic in {@code prequel.events.publishes}.
     */
    Set<String> topics(Map<String, String> environment) {
        Map<String, String> effective = new TreeMap<>();
        properties.forEach((key, value) -> effective.put(withoutProfile(key), value));
        Map<String, String> byCanonical = effective.keySet().stream()
                .collect(Collectors.toMap(QuarkusEnvName::canonical, key -> key, (a, b) -> a));
        environment.forEach((envName, value) -> {
            String key = byCanonical.get(QuarkusEnvName.canonical(envName));
            if (key != null) {
                effective.put(key, value);
            }
        });
        Set<String> topics = new TreeSet<>();
        effective.forEach((key, value) -> {
            if (CHANNEL_TOPIC.matcher(key).matches()) {
                topics.add(value.trim());
            } else if (key.equals(PUBLISHES_KEY)) {
                Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(topics::add);
            }
        });
        return topics;
    }
}
