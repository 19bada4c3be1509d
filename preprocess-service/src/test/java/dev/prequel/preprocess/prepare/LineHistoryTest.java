package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.PipelineError;
import dev.prequel.events.SuspiciousLabels;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageShape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a line remembers between drops: earlier examples, the previous dataset's profile, its champion. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class LineHistoryTest {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    LocalStack stack;
    private StackDrops drops;
    private static SampleDrops sample;

    @BeforeEach
    void connect() {
        drops = new StackDrops(stack);
        if (sample == null) {
            sample = SampleDrops.load(SampleDrops.locateSample());
        }
    }

    @AfterEach
    void close() {
        drops.close();
    }

    private DatasetPrepared prepare(String model, String drop, List<SampleDrops.LabelledImage> images) {
        return drops.awaitPrepared(drops.landArchive(model, drop, "digits.zip", SampleDrops.zip(images)));
    }

    private static Set<String> all(java.util.Map<String, Set<String>> splits) {
        Set<String> out = new HashSet<>();
        splits.values().forEach(out::addAll);
        return out;
    }

    @Test
    void imagesOfEarlierDropsAreLeftOutOfLaterOnes() {
        DatasetPrepared first = prepare("history-dup", "d1", sample.slice(0, 12));
        DatasetPrepared second = prepare("history-dup", "d2", sample.slice(6, 18));
        assertEquals(120, StackDrops.total(second));
        assertEquals(60, second.dropped());
        DatasetStats stats = drops.stats(second);
        assertEquals(60, stats.duplicatesOfEarlier());
        assertEquals(0, stats.duplicates());
        Set<String> overlap = all(drops.splitContents(first));
        overlap.retainAll(all(drops.splitContents(second)));
        assertEquals(Set.of(), overlap, "no example of the first dataset is in the second");

        DatasetLanded again = drops.landArchive("history-dup", "d3", "again.zip", SampleDrops.zip(sample.slice(3, 12)));
        PipelineError refused = drops.awaitRefusal(again);
        assertEquals("no-new-examples", refused.reason());
    }

    @Test
    void theSameDropTwiceAndARedeliveryAreOneDataset() {
        byte[] zip = SampleDrops.zip(sample.slice(20, 10));
        DatasetLanded landed = drops.landArchive("history-same", "d1", "digits.zip", zip);
        DatasetPrepared first = drops.awaitPrepared(landed);
        byte[] manifest = drops.s3.get(Buckets.DATASETS, first.manifestKey());
        DatasetLanded twice = drops.landArchive("history-same", "d2", "copy.zip", zip);
        drops.probe.publish(landed);
        assertEquals(landed.datasetId(), twice.datasetId(), "ingest names datasets by content");
        List<DatasetPrepared> all = drops.probe.awaitCount(dev.prequel.events.Topics.DATASETS_PREPARED,
                DatasetPrepared.class, e -> e.datasetId().equals(landed.datasetId()), 3, StackDrops.WAIT);
        assertEquals(Set.of(withoutCorrelation(first)), Set.copyOf(all.stream().map(LineHistoryTest::withoutCorrelation)
                .toList()), "announced again, identically");
        assertEquals(new String(manifest), new String(drops.s3.get(Buckets.DATASETS, first.manifestKey())),
                "the manifest was not rewritten");
        assertEquals(List.of(landed.datasetId()), new LineIndexReader(drops).datasets("history-same"));
    }

    @Test
    void aSkewedDropIsFlaggedAsDriftAndASimilarOneIsNot() {
        DatasetPrepared first = prepare("history-drift", "d1", sample.slice(0, 15));
        assertFalse(first.driftFlagged());
        assertNull(drops.stats(first).drift(), "nothing to compare the first dataset with");

        DatasetPrepared similar = prepare("history-drift", "d2", sample.slice(15, 15));
        assertFalse(similar.driftFlagged(), String.valueOf(drops.stats(similar).drift()));
        assertEquals(first.datasetId(), drops.stats(similar).drift().previousDatasetId());
        assertTrue(drops.stats(similar).drift().classDivergence() < 0.01);

        List<SampleDrops.LabelledImage> skewed = sample.slice(30, 40).stream()
                .filter(i -> i.label().equals("0") || i.label().equals("1")).toList();
        DatasetPrepared drifted = prepare("history-drift", "d3", skewed);
        assertTrue(drifted.driftFlagged());
        var drift = drops.stats(drifted).drift();
        assertEquals(similar.datasetId(), drift.previousDatasetId());
        assertTrue(drift.classDivergence() > 0.5, "JS " + drift.classDivergence());
        assertTrue(drift.classPsi() > 1, "PSI " + drift.classPsi());
    }

    /** A champion for {@code model}: an untrained MLP over the ten digits, stored and pointed at as the evaluator does. */
    private void crownChampion(String model) throws Exception {
        String version = "v-champion";
        Path dir = Files.createTempDirectory("champion");
        ImageShape shape = new ImageShape(1, 28, 28);
        try (Model m = ModelArtifact.newModel("mlp", shape, DIGITS.size(), 1)) {
            ModelArtifact.save(m, new ModelDescriptor(model, version, "mlp", shape, DIGITS, null, null, null, null, null,
                    null, "cpu", Instant.now(), null), dir);
        }
        drops.s3.uploadDirectory(Buckets.MODELS, Buckets.modelPrefix(model, version), dir);
        drops.s3.put(Buckets.MODELS, Buckets.championKey(model), EventJson.writeBytes(new ModelPromoted(model, version,
                null, Buckets.modelPrefix(model, version), 0.5, "pinned", Instant.now(), "test")));
    }

    @Test
    void aLineWithAChampionRefusesUnknownLabelsAndMeasuresBitsPerLabel() throws Exception {
        crownChampion("history-champ");
        var images = new java.util.ArrayList<>(sample.slice(40, 12));
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        images.forEach(i -> files.put(i.label() + "/" + i.name(), i.bytes()));
        sample.slice(60, 12).stream().filter(i -> i.label().equals("3"))
                .forEach(i -> files.put("three/" + i.name(), i.bytes()));
        DatasetLanded unknown = drops.landArchive("history-champ", "new-class", "d.zip",
                dev.prequel.preprocess.TestDrops.zip(files));
        PipelineError refused = drops.awaitRefusal(unknown);
        assertEquals("unknown-label", refused.reason());
        assertTrue(refused.message().contains("[three]"), refused.message());

        DatasetPrepared prepared = prepare("history-champ", "known", sample.slice(80, 12));
        assertEquals(DIGITS, prepared.classes());
        assertNotNull(prepared.bitsPerLabel(), "the champion scored the new test split");
        assertTrue(prepared.bitsPerLabel() > 0.5 && prepared.bitsPerLabel() < 12, "bits " + prepared.bitsPerLabel());
        assertEquals(prepared.bitsPerLabel(), drops.stats(prepared).bitsPerLabel());
        int wholeDrop = prepared.splits().values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(prepared.splits().get("train") > 0 && wholeDrop > prepared.splits().get("test"), "" + prepared);
        assertEquals(wholeDrop, prepared.codedExamples(), "every example of every split is encoded");
        assertEquals(prepared.bitsPerLabel() * wholeDrop, prepared.totalBits(), 1e-9);
        assertEquals(prepared.codedExamples(), drops.stats(prepared).codedExamples());
        assertEquals(prepared.totalBits(), drops.stats(prepared).totalBits());

        // The same pass keeps the examples the champion finds least likely (prequel.preprocess.suspicious-labels=20).
        assertTrue(wholeDrop > 20, "more examples than are kept");
        SuspiciousLabels suspicious = EventJson.read(drops.s3.get(Buckets.DATASETS,
                Buckets.suspiciousKey("history-champ", prepared.datasetId())), SuspiciousLabels.class);
        assertEquals("v-champion", suspicious.championVersion());
        assertEquals(wholeDrop, suspicious.examplesScored());
        assertEquals(20, suspicious.entries().size());
        for (int i = 1; i < suspicious.entries().size(); i++) {
            assertTrue(suspicious.entries().get(i - 1).probability() <= suspicious.entries().get(i).probability(),
                    "lowest probability first: " + suspicious.entries());
        }
        // The least likely label is at most as likely as the drop's geometric mean, 2^-bitsPerLabel.
        assertTrue(suspicious.entries().get(0).probability() <= Math.pow(2, -prepared.bitsPerLabel()) + 1e-9);
        Set<String> ids = new HashSet<>();
        for (SuspiciousLabels.Entry e : suspicious.entries()) {
            assertTrue(DIGITS.contains(e.label()) && DIGITS.contains(e.guess()), e.toString());
            assertTrue(e.guessProbability() >= e.probability(), e.toString());
            assertTrue(List.of("train", "val", "test").contains(e.split()), e.split());
            assertTrue(e.index() >= 0 && e.index() < prepared.splits().get(e.split()), e.toString());
            assertTrue(e.id().matches("[0-9a-f]{32}"), e.id());
            ids.add(e.id());
            var thumbnail = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(e.thumbnailPng())));
            assertEquals(28, thumbnail.getWidth());
            assertEquals(28, thumbnail.getHeight());
        }
        assertEquals(20, ids.size(), "twenty different examples");
    }

    @Test
    void aLineThatAcceptsNewClassesAppendsThemAfterTheChampions() throws Exception {
        // history-newclass has prequel.lines.history-newclass.accept-new-classes=true (pom)
        crownChampion("history-newclass");
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        sample.slice(100, 12).forEach(i -> files.put(i.label() + "/" + i.name(), i.bytes()));
        sample.slice(120, 24).stream().filter(i -> i.label().equals("3"))
                .forEach(i -> files.put("three/" + i.name(), i.bytes()));
        DatasetPrepared prepared = drops.awaitPrepared(drops.landArchive("history-newclass", "d", "d.zip",
                dev.prequel.preprocess.TestDrops.zip(files)));
        List<String> expected = new java.util.ArrayList<>(DIGITS);
        expected.add("three");
        assertEquals(expected, prepared.classes());
        assertNull(prepared.bitsPerLabel(), "the champion has no output for the new class");
        assertNull(prepared.codedExamples());
        assertNull(prepared.totalBits());
    }

    private static DatasetPrepared withoutCorrelation(DatasetPrepared p) {
        return new DatasetPrepared(p.model(), p.datasetId(), p.manifestKey(), p.classes(), p.channels(), p.height(),
                p.width(), p.splits(), p.dropped(), p.bitsPerLabel(), p.driftFlagged(), null,
                p.codedExamples(), p.totalBits());
    }

    /** Reads the line's index as preprocess wrote it. */
    private record LineIndexReader(StackDrops drops) {
        List<String> datasets(String model) {
            var json = EventJson.read(drops.s3.get(Buckets.DATASETS, LineIndex.listKey(model)), java.util.Map.class);
            return ((List<?>) json.get("datasets")).stream().map(String::valueOf).toList();
        }
    }
}
