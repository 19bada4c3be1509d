package dev.prequel.benchmarks;

import dev.prequel.events.EventJson;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.preprocess.drop.ArchiveReaders;
import dev.prequel.preprocess.drop.ArchiveType;
import dev.prequel.preprocess.drop.DropLimits;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.prepare.DropPreparation;
import dev.prequel.preprocess.prepare.PreparationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Preprocessing throughput on an image-folder zip, next to a bare ImageIO decode loop over the same PNGs in the
 * same JVM, so the figure means something on any machine: the ratio says what the pipeline's own work (unzip
 * with limits, decode, convert, hash, deduplicate, split, shard write) costs on top of decoding alone.
 *
 * <p>Preparation is the service's own {@link DropPreparation} on the archive read by {@link ArchiveReaders}, as
 * preprocess runs it after downloading a drop; only S3 and Kafka are left out. Rounds alternate between the two
 * loops after warm-up rounds (a round goes through a small zip several times, at least 10,000 images); medians
 * are reported. Usage: {@code PreprocessThroughput [zip] [--rounds N]
 * [--warmup N] [--out DIR]}; results go to {@code <out>/preprocess-throughput-<zip name>.json}.
 */
public final class PreprocessThroughput {

    private static final ImageShape MNIST = new ImageShape(1, 28, 28);
    private static final int MIN_IMAGES_PER_ROUND = 10_000;

    private PreprocessThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        List<byte[]> images = ZipImages.read(options.zip());
        PreparationSettings settings = new PreparationSettings(MNIST, 10, 10, 10_000, 0.2, 1, ImageDecoder.DEFAULT_MAX_PIXELS,
                false, DropLimits.defaults());
        // Small zips are gone through several times per round, so a round lasts long enough to time on a busy machine.
        int passes = Math.max(1, MIN_IMAGES_PER_ROUND / Math.max(1, images.size()));
        List<Double> prepared = new ArrayList<>();
        List<Double> decoded = new ArrayList<>();
        int kept = 0;
        for (int round = 0; round < options.warmup() + options.rounds(); round++) {
            long start = System.nanoTime();
            for (int pass = 0; pass < passes; pass++) {
                kept = prepareOnce(options.zip(), settings);
            }
            double prepRate = (double) images.size() * passes / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            int count = 0;
            for (int pass = 0; pass < passes; pass++) {
                count += BareDecode.decodeAll(images);
            }
            double decodeRate = count / ((System.nanoTime() - start) / 1e9);
            boolean measured = round >= options.warmup();
            System.out.printf("%s round %d: preparation %.0f img/s (%d kept), bare decode %.0f img/s%n",
                    measured ? "measured" : "warm-up", round + 1, prepRate, kept, decodeRate);
            if (measured) {
                prepared.add(prepRate);
                decoded.add(decodeRate);
            }
        }
        double preparation = median(prepared);
        double bare = median(decoded);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "preprocess-throughput");
        result.put("zip", options.zip().getFileName().toString());
        result.put("images", images.size());
        result.put("examplesKept", kept);
        result.put("shape", MNIST.toString());
        result.put("passesPerRound", passes);
        result.put("rounds", options.rounds());
        result.put("warmupRounds", options.warmup());
        result.put("preparationImagesPerSecond", Math.round(preparation));
        result.put("bareDecodeImagesPerSecond", Math.round(bare));
        result.put("preparationToBareDecodeRatio", Math.round(preparation / bare * 1000) / 1000.0);
        result.put("preparationRounds", prepared);
        result.put("bareDecodeRounds", decoded);
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        result.put("at", Instant.now().toString());
        Files.createDirectories(options.out());
        Path file = options.out().resolve("preprocess-throughput-" + options.zip().getFileName() + ".json");
        Files.write(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        System.out.printf("preparation %.0f img/s, bare decode %.0f img/s, ratio %.3f -> %s%n", preparation, bare,
                preparation / bare, file);
    }

    /** One full preparation of the zip into a scratch directory, deleted afterwards; returns the examples kept. */
    private static int prepareOnce(Path zip, PreparationSettings settings) throws IOException {
        Path work = Files.createTempDirectory("prequel-bench-");
        try (DropReader reader = ArchiveReaders.open(zip, ArchiveType.ZIP, work, settings.limits())) {
            Path shards = Files.createDirectories(work.resolve("shards"));
            return new DropPreparation(settings).prepare("bench", "ds-bench", reader, null, Set.of(), shards,
                    (subject, reason, detail) -> { }).report().kept();
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
