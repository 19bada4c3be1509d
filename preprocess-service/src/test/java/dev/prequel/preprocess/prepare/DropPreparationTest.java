package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.Ids;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.preprocess.TestDrops;
import dev.prequel.preprocess.drop.DropLimits;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.drop.InMemoryDropReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preparation core on local drops, without Kafka, S3 or Quarkus. */
class DropPreparationTest {

    private static final ImageShape MNIST = new ImageShape(1, 28, 28);
    private static SampleDrops sample;

    @TempDir
    Path work;
    private final Map<String, String> rejected = new LinkedHashMap<>();
    private final Map<String, Path> shardDirs = new java.util.HashMap<>();

    @BeforeAll
    static void loadSample() {
        sample = SampleDrops.load(SampleDrops.locateSample());
    }

    private static PreparationSettings settings(ImageShape shape) {
        return new PreparationSettings(shape, 10, 10, 10_000, 0.2, 10, 4096L * 4096, false, DropLimits.defaults());
    }

    private DropPreparation.Result prepare(ImageShape shape, DropReader reader, Set<ContentHash> earlier) throws IOException {
        Path shards = Files.createTempDirectory(work, "shards");
        String id = "ds-" + System.nanoTime();
        shardDirs.put(id, shards);
        return new DropPreparation(settings(shape)).prepare("line", id, reader, null, earlier, shards,
                (subject, reason, detail) -> rejected.put(subject, reason));
    }

    private static Map<String, byte[]> folder(List<SampleDrops.LabelledImage> images) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        images.forEach(i -> files.put(i.label() + "/" + i.name(), i.bytes()));
        return files;
    }

    /** Split name to the set of label:pixel-hash of its examples, read back from the local shards. */
    private static Map<String, Set<String>> contents(Path dir, DatasetManifest manifest) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String split : manifest.splits().keySet()) {
            for (Example e : LocalShards.split(dir, manifest, split)) {
                out.computeIfAbsent(split, k -> new HashSet<>()).add(manifest.classes().get(e.label()) + ":"
                        + HexFormat.of().formatHex(Ids.sha256().digest(e.pixels())));
            }
        }
        return out;
    }

    private Path dirOf(DropPreparation.Result result) {
        return shardDirs.get(result.manifest().datasetId());
    }

    @Test
    void pngFoldersAndIdxFilesOfTheSamePixelsBecomeTheSameExamplesInTheSameSplits() throws IOException {
        List<SampleDrops.LabelledImage> images = sample.slice(0, 12);
        DropPreparation.Result pngs = prepare(MNIST, new InMemoryDropReader(folder(images)), Set.of());
        List<byte[]> pixels = new ArrayList<>();
        int[] labels = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            pixels.add(TestDrops.greyPixels(images.get(i).bytes()));
            labels[i] = Integer.parseInt(images.get(i).label());
        }
        Map<String, byte[]> idx = Map.of("train-images-idx3-ubyte.gz", TestDrops.gzip(TestDrops.idxImages(pixels, 28, 28)),
                "train-labels-idx1-ubyte.gz", TestDrops.gzip(TestDrops.idxLabels(labels)));
        DropPreparation.Result records = prepare(MNIST, new InMemoryDropReader(idx), Set.of());

        assertEquals("image-folder", pngs.format());
        assertEquals("mnist-idx", records.format());
        assertEquals(pngs.manifest().classes(), records.manifest().classes());
        assertEquals(pngs.manifest().splits(), records.manifest().splits());
        assertEquals(contents(dirOf(pngs), pngs.manifest()),
                contents(dirOf(records), records.manifest()));
        assertEquals(Map.of("28x28", 120), records.report().originalSizes());
    }

    private static byte[] reencode(byte[] png, String format) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        assertTrue(javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)), format, out));
        return out.toByteArray();
    }

    @Test
    void bmpGifAndJpegFoldersAreImagesTooAndLosslessOnesAreTheSameExamples() throws IOException {
        List<SampleDrops.LabelledImage> images = sample.slice(0, 12);
        Map<String, byte[]> files = new LinkedHashMap<>();
        String[] formats = {"png", "bmp", "gif", "jpg"};
        for (int i = 0; i < images.size(); i++) {
            SampleDrops.LabelledImage image = images.get(i);
            String format = formats[i % formats.length];
            byte[] bytes = format.equals("png") ? image.bytes() : reencode(image.bytes(), format);
            files.put(image.label() + "/" + image.name().replace(".png", "." + format), bytes);
        }
        DropPreparation.Result mixed = prepare(MNIST, new InMemoryDropReader(files), Set.of());
        assertEquals(Map.of(), rejected);
        assertEquals(120, mixed.report().kept());
        DropPreparation.Result pngs = prepare(MNIST, new InMemoryDropReader(folder(images)), Set.of());
        Set<ContentHash> shared = new HashSet<>(pngs.keptHashes());
        shared.retainAll(mixed.keptHashes());
        assertEquals(90, shared.size(), "PNG, BMP and GIF decode to the same pixels; JPEG is lossy");
    }

    @Test
    void examplesOfEarlierDatasetsAreLeftOutAsDuplicates() throws IOException {
        DropPreparation.Result first = prepare(MNIST, new InMemoryDropReader(folder(sample.slice(0, 12))), Set.of());
        Map<String, byte[]> second = folder(sample.slice(6, 18));
        second.put("copies/7/again.png", sample.slice(12, 1).get(7).bytes()); // in this drop twice
        DropPreparation.Result result = prepare(MNIST, new InMemoryDropReader(second), new HashSet<>(first.keptHashes()));
        assertEquals(120, result.report().kept());
        assertEquals(60, result.report().count(PreparationReport.DUPLICATE_OF_EARLIER));
        assertEquals(1, result.report().count(PreparationReport.DUPLICATE));
        assertEquals(61, result.manifest().dropped());
        assertEquals(Map.of(), rejected, "duplicates are counted, not reported one by one");
        Set<ContentHash> overlap = new HashSet<>(first.keptHashes());
        overlap.retainAll(result.keptHashes());
        assertEquals(Set.of(), overlap);

        DropRejectedException again = assertThrows(DropRejectedException.class, () -> prepare(MNIST,
                new InMemoryDropReader(folder(sample.slice(0, 12))), new HashSet<>(first.keptHashes())));
        assertEquals("no-new-examples", again.reason());
    }

    @Test
    void cifarRecordsBecomeTheLinesShape() throws IOException {
        int n = 120;
        int[] labels = new int[n];
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            pixels.add(TestDrops.cifarPixels(7, i));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("cifar-10-batches-bin/batches.meta.txt", TestDrops.cifarMeta());
        files.put("cifar-10-batches-bin/data_batch_1.bin", TestDrops.cifarBatch(labels, pixels));
        DropPreparation.Result grey = prepare(MNIST, new InMemoryDropReader(files), Set.of());
        assertEquals(TestDrops.CIFAR_CLASSES, grey.manifest().classes());
        assertEquals(MNIST, grey.manifest().shape());
        assertEquals(Map.of("32x32", n), grey.report().originalSizes());

        ImageShape rgb = new ImageShape(3, 32, 32);
        DropPreparation.Result colour = prepare(rgb, new InMemoryDropReader(files), Set.of());
        Set<String> stored = new HashSet<>();
        contents(dirOf(colour), colour.manifest()).values().forEach(stored::addAll);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            expected.add(TestDrops.CIFAR_CLASSES.get(labels[i]) + ":" + HexFormat.of().formatHex(Ids.sha256().digest(pixels.get(i))));
        }
        assertEquals(expected, stored, "the records' own pixels, untouched");
    }

    @Test
    void badInputIsReportedByReasonAndTheRestKept() throws IOException {
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        byte[] png = sample.slice(0, 1).get(0).bytes();
        files.put("3/bomb.png", TestDrops.pngDeclaring(100_000, 100_000));
        files.put("4/truncated.png", java.util.Arrays.copyOf(png, png.length / 2));
        files.put("5/empty.png", new byte[0]);
        files.put("6/notes.txt", "text".getBytes());
        files.put("$(reboot)/x.png", png);
        files.put("top.png", png);
        for (int i = 0; i < 40; i++) {
            files.put("__MACOSX/1/._" + i + ".png", new byte[] {0, 5, 22, 7});
        }
        DropPreparation.Result result = prepare(MNIST, new InMemoryDropReader(files), Set.of());
        assertEquals(120, result.report().kept());
        assertEquals(Map.of("3/bomb.png", "image-too-large", "4/truncated.png", "corrupt-image", "5/empty.png",
                "empty-file", "6/notes.txt", "not-an-image", "$(reboot)/x.png", "unsafe-label", "top.png", "no-label"),
                rejected);
        assertEquals(40, result.report().count(PreparationReport.SYSTEM_FILE));
        assertEquals(6, result.report().unusable());
    }

    @Test
    void datasetsTooSmallToLearnFromAreRefused() {
        Map<String, byte[]> files = folder(sample.slice(0, 12));
        files.keySet().removeIf(p -> p.startsWith("9/") && !p.endsWith(sample.slice(0, 1).get(9).name()));
        DropRejectedException e = assertThrows(DropRejectedException.class,
                () -> prepare(MNIST, new InMemoryDropReader(files), Set.of()));
        assertEquals("too-few-examples", e.reason());
        assertTrue(e.getMessage().contains("9=1"), e.getMessage());

        Map<String, byte[]> junk = new LinkedHashMap<>();
        junk.put("1/a.png", "not a png".getBytes());
        assertEquals("empty-dataset", assertThrows(DropRejectedException.class,
                () -> prepare(MNIST, new InMemoryDropReader(junk), Set.of())).reason());
        assertEquals("empty-dataset", assertThrows(DropRejectedException.class,
                () -> prepare(MNIST, new InMemoryDropReader(Map.of()), Set.of())).reason());
    }

    @Test
    void theManifestDescribesTheShards() throws IOException {
        DropPreparation.Result result = prepare(MNIST, new InMemoryDropReader(folder(sample.slice(0, 12))), Set.of());
        DatasetManifest m = result.manifest();
        assertEquals(120, m.splits().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(120, result.keptHashes().size());
        assertTrue(m.mean()[0] > 0.05 && m.mean()[0] < 0.3, "MNIST is mostly black: " + m.mean()[0]);
        List<Example> train = new ArrayList<>();
        LocalShards.split(dirOf(result), m, DatasetManifest.TRAIN).forEach(train::add);
        var expected = dev.prequel.model.predict.Normalisation.compute(train, MNIST);
        assertEquals(expected.mean()[0], m.mean()[0], 1e-5);
        assertEquals(expected.std()[0], m.std()[0], 1e-5);
    }
}
