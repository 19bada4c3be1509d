package dev.prequel.deploy;

import dev.prequel.deploy.ContainerEnvironment.Origin;
import dev.prequel.deploy.ContainerEnvironment.Variable;
import dev.prequel.events.Buckets;
import dev.prequel.events.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MinIO keeps its data on a volume, holds its credentials in a Secret, and notifies Kafka of every drop. */
class MinioTest {
    private static final Pattern NOTIFY_ENABLE = Pattern.compile("MINIO_NOTIFY_KAFKA_ENABLE_(\\w+)");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void minioKeepsItsDataOnAPersistentVolume(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        StatefulSet minio = overlay.get(StatefulSet.class, "minio");
        Container container = overlay.workload("StatefulSet", "minio").mainContainer();
        Set<String> claimed = new TreeSet<>();
        minio.getSpec().getVolumeClaimTemplates().forEach(t -> claimed.add(t.getMetadata().getName()));
        for (Volume volume : minio.getSpec().getTemplate().getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() != null
                    && overlay.find(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName()).isPresent()) {
                claimed.add(volume.getName());
            }
        }
        String dataDir = container.getArgs().stream().filter(a -> a.startsWith("/")).findFirst()
                .orElseThrow(() -> new AssertionError(overlayName + ": MinIO's server args name no data directory"));
        boolean persisted = container.getVolumeMounts().stream()
                .anyMatch(m -> claimed.contains(m.getName()) && dataDir.startsWith(m.getMountPath()));
        assertTrue(persisted, overlayName + ": MinIO's data directory " + dataDir + " is not on a PersistentVolumeClaim");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void minioCredentialsComeFromASecret(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Map<String, Variable> env = ContainerEnvironment.of(overlay.workload("StatefulSet", "minio").mainContainer(), overlay);
        for (String name : List.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")) {
            Variable variable = env.get(name);
            assertTrue(variable != null && variable.origin() == Origin.SECRET,
                    overlayName + ": MinIO " + name + " must come from a Secret, comes from " + (variable == null ? "nowhere" : variable.origin()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void landingBucketNotifiesStorageEventsThroughKafka(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        Map<String, String> minioEnv = ContainerEnvironment.values(
                ContainerEnvironment.of(overlay.workload("StatefulSet", "minio").mainContainer(), overlay));
        List<String> targets = minioEnv.entrySet().stream()
                .map(e -> Map.entry(NOTIFY_ENABLE.matcher(e.getKey()), e.getValue()))
                .filter(e -> e.getKey().matches() && "on".equals(e.getValue()))
                .map(e -> e.getKey().group(1))
                .toList();
        assertEquals(1, targets.size(), overlayName + ": MinIO should enable exactly one Kafka notification target, has " + targets);
        String target = targets.get(0);

        GenericKafkaListener plain = overlay.kafka().getSpec().getKafka().getListeners().stream()
                .filter(l -> !l.isTls()).findFirst().orElseThrow();
        String bootstrap = overlay.kafka().getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort();
        Problems problems = new Problems(overlayName + " MinIO notification");
        problems.check(bootstrap.equals(minioEnv.get("MINIO_NOTIFY_KAFKA_BROKERS_" + target)),
                "MINIO_NOTIFY_KAFKA_BROKERS_" + target + " is " + minioEnv.get("MINIO_NOTIFY_KAFKA_BROKERS_" + target) + ", expected " + bootstrap);
        problems.check(Topics.STORAGE_EVENTS.equals(minioEnv.get("MINIO_NOTIFY_KAFKA_TOPIC_" + target)),
                "MINIO_NOTIFY_KAFKA_TOPIC_" + target + " is " + minioEnv.get("MINIO_NOTIFY_KAFKA_TOPIC_" + target) + ", expected " + Topics.STORAGE_EVENTS);
        String queueDir = minioEnv.get("MINIO_NOTIFY_KAFKA_QUEUE_DIR_" + target);
        Container minio = overlay.workload("StatefulSet", "minio").mainContainer();
        problems.check(queueDir != null && minio.getVolumeMounts().stream().map(VolumeMount::getMountPath).anyMatch(queueDir::startsWith),
                "events for an absent Kafka need MINIO_NOTIFY_KAFKA_QUEUE_DIR_" + target + " on a mounted volume, is " + queueDir);

        Container setup = overlay.workload("Job", "minio-setup").mainContainer();
        Map<String, String> setupEnv = ContainerEnvironment.values(ContainerEnvironment.of(setup, overlay));
        problems.check(("arn:minio:sqs::" + target + ":kafka").equals(setupEnv.get("NOTIFY_ARN")),
                "the set-up Job's NOTIFY_ARN " + setupEnv.get("NOTIFY_ARN") + " is not MinIO's target " + target);
        problems.check(Buckets.LANDING.equals(setupEnv.get("LANDING_BUCKET")),
                "the set-up Job notifies bucket " + setupEnv.get("LANDING_BUCKET") + ", not " + Buckets.LANDING);
        Set<String> buckets = Arrays.stream(setupEnv.getOrDefault("BUCKETS", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        problems.check(buckets.equals(new TreeSet<>(Buckets.ALL)), "the set-up Job creates buckets " + buckets + ", expected " + Buckets.ALL);
        problems.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.prequel.deploy.DeployTree#overlays")
    void theSetUpScriptIsIdempotentAndUsesTheJobsSettings(String overlayName) {
        RenderedOverlay overlay = OverlayRenderer.render(overlayName);
        PodWorkload job = overlay.workload("Job", "minio-setup");
        Container setup = job.mainContainer();
        String scriptPath = setup.getCommand().stream().filter(a -> a.endsWith(".sh")).findFirst()
                .orElseThrow(() -> new AssertionError(overlayName + ": the set-up Job runs no script"));
        VolumeMount mount = setup.getVolumeMounts().stream().filter(m -> scriptPath.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(overlayName + ": " + scriptPath + " is on no mounted volume"));
        Volume volume = job.podSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        String fileName = scriptPath.substring(mount.getMountPath().length() + 1);
        String script = overlay.configMapData(volume.getConfigMap().getName()).get(fileName);
        assertTrue(script != null, overlayName + ": ConfigMap " + volume.getConfigMap().getName() + " has no " + fileName);

        Problems problems = new Problems(overlayName + " set-up script");
        problems.check(script.contains("mc mb --ignore-existing"), "buckets are not created with `mc mb --ignore-existing`");
        problems.check(script.contains("mc event add"), "the script never runs `mc event add`");
        problems.check(script.contains("mc event ls"), "the script adds the notification without first looking for it (`mc event ls`)");
        Set<String> env = ContainerEnvironment.of(setup, overlay).keySet();
        Matcher used = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)").matcher(script);
        while (used.find()) {
            problems.check(env.contains(used.group(1)), "the script uses $" + used.group(1) + ", which the Job does not set");
        }
        problems.assertNone();
    }
}
