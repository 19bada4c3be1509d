package dev.prequel.benchmarks.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelPromoted;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStacks;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.ServiceGroup;
import dev.prequel.localstack.ServiceProcess;
import dev.prequel.localstack.ServiceSpec;
import dev.prequel.localstack.StackObjects;
import dev.prequel.model.artifact.LocalModels;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serving against the bare predictor on the same artifact, in one run: the raw DJL predictor (one thread, PNG decode
 * included) at batch 1, 8, 32 and 64; serving over HTTP (JSON and the binary extension, 1 and 32 images per request)
 * at concurrency 1, 16 and 64; and over Kafka. Cells are interleaved round by round, so a busy moment of the machine
 * touches all of them; the report gives the median of the rounds and each cell's ratio to the best raw batch.
 *
 * <p>Usage: {@code ServingThroughput [--rounds 3] [--seconds 4] [--kafka-requests 5000] [--only REGEX]
 * [--serving-jvm "OPTIONS"] [--out target]}. {@code --only} keeps the serving cells whose name matches (the raw
 * cells, the baseline, always run); {@code --serving-jvm} adds JVM options to serving (a profiler, a heap size).
 * Each cell also reports the cores serving and this driver (load generator, embedded broker and S3) used.
 */
public final class ServingThroughput {

    private static final String MODEL = "bench";
    private static final String VERSION = "v-bench0000001";
    private static final int[] RAW_BATCHES = {1, 8, 32, 64};
    private static final int[] CONCURRENCY = {1, 16, 64};
    private static final int[] IMAGES_PER_REQUEST = {1, 32};

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        double seconds = 4;
        int kafkaRequests = 5000;
        Path out = Path.of("target");
        java.util.regex.Pattern only = null;
        List<String> servingJvm = new ArrayList<>(List.of("-XX:+UseParallelGC", "-Xmx1g"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--kafka-requests" -> kafkaRequests = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = java.util.regex.Pattern.compile(args[++i]);
                case "--serving-jvm" -> servingJvm.addAll(List.of(args[++i].trim().split("\\s+")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(out);
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        List<byte[]> pngs = sample.slice(0, 20).stream().map(SampleDrops.LabelledImage::bytes).toList();
        Path artifact = trainModel(sample, out.resolve("serving-benchmark-model"));

        Map<String, List<Measurement>> cells = new LinkedHashMap<>();
        try (LocalStack stack = LocalStacks.start();
                ServiceGroup group = new ServiceGroup(out.resolve("serving-benchmark-logs"));
                RawPredictor raw = new RawPredictor(artifact)) {
            ServiceProcess serving = startServing(stack, group, artifact, servingJvm);
            Cells run = new Cells(cells, only, serving.pid(), serving.baseUrl());
            HttpLoad http = new HttpLoad(serving.baseUrl(), MODEL);
            Map<String, List<InferBodies>> bodies = new LinkedHashMap<>();
            for (int n : IMAGES_PER_REQUEST) {
                List<InferBodies> json = new ArrayList<>();
                List<InferBodies> binary = new ArrayList<>();
                for (int from = 0; from + n <= pngs.size(); from += n) {
                    json.add(InferBodies.json(pngs.subList(from, from + n)));
                    binary.add(InferBodies.binary(pngs.subList(from, from + n)));
                }
                bodies.put("json-" + n, json);
                bodies.put("binary-" + n, binary);
            }
            try (KafkaLoad kafka = new KafkaLoad(stack.kafkaBootstrapServers())) {
                // A whole round, not recorded: with 1 s per cell, a profile of the first recorded round still had a
                // quarter of serving's CPU in the JIT compiler.
                System.out.println("[serving-benchmark] warm-up round");
                runRound(raw, http, kafka, pngs, bodies, seconds, Math.min(2000, kafkaRequests), run.warmUp());
                for (int r = 1; r <= rounds; r++) {
                    System.out.printf("[serving-benchmark] round %d of %d%n", r, rounds);
                    runRound(raw, http, kafka, pngs, bodies, seconds, kafkaRequests, run);
                }
            }
        }
        report(cells, rounds, seconds, kafkaRequests, out.resolve("serving-throughput.json"));
    }

    private static void runRound(RawPredictor raw, HttpLoad http, KafkaLoad kafka, List<byte[]> pngs,
            Map<String, List<InferBodies>> bodies, double seconds, int kafkaRequests, Cells cells) throws Exception {
        for (int batch : RAW_BATCHES) {
            cells.measure("raw batch " + batch, () -> raw.run(pngs, batch, seconds));
        }
        for (String kind : List.of("json", "binary")) {
            for (int n : IMAGES_PER_REQUEST) {
                for (int c : CONCURRENCY) {
                    cells.measure("http " + kind + " " + n + "/req c" + c, () -> http.run(bodies.get(kind + "-" + n),
                            c, seconds));
                }
            }
        }
        cells.measure("kafka " + kafkaRequests + " requests", () -> kafka.run(MODEL, pngs, kafkaRequests,
                Duration.ofMinutes(5)));
    }

    private interface Cell {
        Measurement run() throws Exception;
    }

    /** Runs the cells asked for, with the cores serving and the driver used, and records them (not in warm-up). */
    private record Cells(Map<String, List<Measurement>> recorded, java.util.regex.Pattern only, long servingPid,
            String servingUrl) {
        Cells warmUp() {
            return new Cells(null, only, servingPid, servingUrl);
        }

        void measure(String name, Cell cell) throws Exception {
            if (only != null && !name.startsWith("raw") && !only.matcher(name).find()) {
                return;
            }
            boolean raw = name.startsWith("raw");
            BatchFigures batches = raw ? null : BatchFigures.read(servingUrl, MODEL);
            ProcessCpu.Sample serving = ProcessCpu.Sample.of(servingPid);
            ProcessCpu.Sample driver = ProcessCpu.Sample.of(ProcessHandle.current().pid());
            Measurement m = cell.run();
            m = m.withCores(ProcessCpu.Sample.of(servingPid).coresSince(serving),
                    ProcessCpu.Sample.of(ProcessHandle.current().pid()).coresSince(driver));
            if (!raw) {
                BatchFigures after = BatchFigures.read(servingUrl, MODEL);
                m = m.withBatches(after.meanBatchSince(batches), after.batchMillisSince(batches));
            }
            if (recorded != null) {
                recorded.computeIfAbsent(name, k -> new ArrayList<>()).add(m);
                System.out.printf("[serving-benchmark]   %-28s %8.0f img/s  p50 %7.2f ms  p99 %7.2f ms  cores: "
                        + "serving %.2f, driver %.2f  batch %.1f images in %.2f ms%s%n", name, m.imagesPerSecond(),
                        m.p50Millis(), m.p99Millis(), m.servingCores(), m.driverCores(), m.meanBatch(), m.batchMillis(),
                        m.rejected() > 0 ? "  rejected " + m.rejected() : "");
            }
        }
    }

    /** A small CNN trained briefly: the weights do not matter for speed, the architecture and input size do. */
    private static Path trainModel(SampleDrops sample, Path dir) throws Exception {
        ImageShape shape = new ImageShape(1, 28, 28);
        List<Example> train = sample.slice(0, 40).stream().map(i -> new Example(sample.labels().indexOf(i.label()),
                PixelConverter.toPixels(ImageDecoder.decode(i.bytes()), shape))).toList();
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        LocalModels.trainAndSave(dir, MODEL, VERSION, "cnn", shape, sample.labels(), train, 1, 7);
        return dir;
    }

    private static ServiceProcess startServing(LocalStack stack, ServiceGroup group, Path artifact,
            List<String> jvmOptions) {
        new StackObjects(stack).uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(MODEL, VERSION), artifact);
        try (EventProbe probe = new EventProbe(stack)) {
            probe.publish(new ModelPromoted(MODEL, VERSION, null, Buckets.modelPrefix(MODEL, VERSION), 0.9,
                    "evaluation", Instant.now(), "benchmark"));
        }
        Path repo = LocalPipeline.locateRepository();
        // The JIT as in production (no C1-only start-up flag), so the figures are serving's, not the compiler's.
        ServiceProcess serving = group.start(ServiceSpec.of("serving-service", repo.resolve("serving-service"), 0)
                .withJvmOptions(jvmOptions).withConfig(stack.serviceConfig()));
        serving.awaitReady(Duration.ofMinutes(3));
        return serving;
    }

    private static void report(Map<String, List<Measurement>> cells, int rounds, double seconds, int kafkaRequests,
            Path file) throws Exception {
        Map<String, Measurement> medians = new LinkedHashMap<>();
        cells.forEach((k, v) -> medians.put(k, Measurement.median(v)));
        double rawBest = 0;
        String rawBestName = null;
        for (int batch : RAW_BATCHES) {
            Measurement m = medians.get("raw batch " + batch);
            if (m.imagesPerSecond() > rawBest) {
                rawBest = m.imagesPerSecond();
                rawBestName = "raw batch " + batch;
            }
        }
        double raw32 = medians.get("raw batch 32").imagesPerSecond();
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("rounds", rounds).put("secondsPerCell", seconds).put("kafkaRequests", kafkaRequests)
                .put("cores", Runtime.getRuntime().availableProcessors()).put("rawBest", rawBestName)
                .put("rawBestImagesPerSecond", rawBest);
        ArrayNode rows = json.putArray("cells");
        System.out.printf("%n| cell | img/s | p50 ms | p99 ms | to %s | to raw batch 32 | rejected | serving cores "
                + "| driver cores | serving batch | batch ms |%n|---|---|---|---|---|---|---|---|---|---|---|%n", rawBestName);
        for (var e : medians.entrySet()) {
            Measurement m = e.getValue();
            double ratio = m.imagesPerSecond() / rawBest;
            boolean manyPerRequest = e.getKey().startsWith("http") && e.getKey().contains(" 32/req");
            System.out.printf("| %s | %.0f | %.2f | %.2f | %.2f | %s | %d | %.2f | %.2f | %.1f | %.2f |%n", e.getKey(),
                    m.imagesPerSecond(), m.p50Millis(), m.p99Millis(), ratio,
                    manyPerRequest ? String.format("%.2f", m.imagesPerSecond() / raw32) : "", m.rejected(),
                    m.servingCores(), m.driverCores(), m.meanBatch(), m.batchMillis());
            ObjectNode row = rows.addObject().put("cell", e.getKey()).put("imagesPerSecond", m.imagesPerSecond())
                    .put("p50Millis", m.p50Millis()).put("p99Millis", m.p99Millis()).put("toRawBest", ratio)
                    .put("rejected", m.rejected()).put("servingCores", m.servingCores())
                    .put("driverCores", m.driverCores()).put("servingMeanBatch", m.meanBatch())
                    .put("servingBatchMillis", m.batchMillis());
            if (manyPerRequest) {
                row.put("toRawBatch32", m.imagesPerSecond() / raw32);
            }
            ArrayNode each = row.putArray("rounds");
            cells.get(e.getKey()).forEach(r -> each.add(r.imagesPerSecond()));
        }
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
        System.out.println("[serving-benchmark] wrote " + file);
    }
}
