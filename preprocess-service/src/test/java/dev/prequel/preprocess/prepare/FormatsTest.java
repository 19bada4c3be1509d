package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.DatasetLanded;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.Ids;
import dev.prequel.localstack.LocalStack;
import dev.prequel.localstack.LocalStackResource;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.SyntheticCifar;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.preprocess.TestDrops;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every accepted container and format, through the real stack, into the same kind of dataset. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class FormatsTest {

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

    private static Map<String, byte[]> folder(String root, List<SampleDrops.LabelledImage> images) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        images.forEach(i -> files.put(root + i.label() + "/" + i.name(), i.bytes()));
        return files;
    }

    @Test
    void theSameImagesAsZipTarTarGzLooseFilesAndIdxBecomeTheSameDataset() {
        List<SampleDrops.LabelledImage> images = sample.slice(0, 12);
        DatasetPrepared zip = drops.awaitPrepared(drops.landArchive("fmt-zip", "d", "digits.zip", SampleDrops.zip(images)));
        DatasetPrepared tar = drops.awaitPrepared(drops.landArchive("fmt-tar", "d", "digits.tar",
                TestDrops.tar(folder("digits/", images))));
        DatasetPrepared tgz = drops.awaitPrepared(drops.landArchive("fmt-tgz", "d", "digits.tgz",
                TestDrops.gzip(TestDrops.tar(folder("./", images)))));
        DatasetPrepared loose = drops.awaitPrepared(drops.landLoose("fmt-loose", "d", folder("", images)));
        List<byte[]> pixels = new ArrayList<>();
        int[] labels = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            pixels.add(TestDrops.greyPixels(images.get(i).bytes()));
            labels[i] = Integer.parseInt(images.get(i).label());
        }
        DatasetPrepared idx = drops.awaitPrepared(drops.landLoose("fmt-idx", "d", Map.of(
                "train-images-idx3-ubyte.gz", TestDrops.gzip(TestDrops.idxImages(pixels, 28, 28)),
                "train-labels-idx1-ubyte.gz", TestDrops.gzip(TestDrops.idxLabels(labels)))));

        var expected = drops.splitContents(zip);
        assertEquals(120, StackDrops.total(zip));
        for (DatasetPrepared other : List.of(tar, tgz, loose, idx)) {
            assertEquals(zip.classes(), other.classes(), other.model());
            assertEquals(expected, drops.splitContents(other), other.model() + ": same examples in the same splits");
        }
        assertEquals("mnist-idx", drops.stats(idx).format());
        assertEquals("image-folder", drops.stats(tgz).format());
    }

    private static Map<String, byte[]> cifarRelease(String root, int perClass, long seed) {
        int n = perClass * 10;
        int[] train = new int[n - 10];
        int[] test = new int[10];
        List<byte[]> trainPixels = new ArrayList<>();
        List<byte[]> testPixels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i < 10) {
                test[i] = i;
                testPixels.add(TestDrops.cifarPixels(seed, i));
            } else {
                train[i - 10] = i % 10;
                trainPixels.add(TestDrops.cifarPixels(seed, i));
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(root + "batches.meta.txt", TestDrops.cifarMeta());
        files.put(root + "data_batch_1.bin", TestDrops.cifarBatch(train, trainPixels));
        files.put(root + "test_batch.bin", TestDrops.cifarBatch(test, testPixels));
        files.put(root + "readme.html", "<html>CIFAR-10</html>".getBytes());
        return files;
    }

    @Test
    void theCifarReleaseLooseIsPreparedInColourWithItsOwnPixels() {
        Map<String, byte[]> release = cifarRelease("cifar-10-batches-bin/", 12, 5);
        // the cifar-rgb line is configured for 3x32x32 input (see the pom's test properties)
        DatasetPrepared prepared = drops.awaitPrepared(drops.landLoose("cifar-rgb", "d", release));
        assertEquals(TestDrops.CIFAR_CLASSES, prepared.classes());
        assertEquals(List.of(3, 32, 32), List.of(prepared.channels(), prepared.height(), prepared.width()));
        assertEquals(120, StackDrops.total(prepared));
        assertEquals(0, prepared.dropped());
        Set<String> stored = new HashSet<>();
        drops.splitContents(prepared).values().forEach(stored::addAll);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            expected.add(TestDrops.CIFAR_CLASSES.get(i % 10) + ":"
                    + HexFormat.of().formatHex(Ids.sha256().digest(TestDrops.cifarPixels(5, i))));
        }
        assertEquals(expected, stored);
        assertEquals(Map.of("32x32", 120), drops.stats(prepared).originalSizes());
    }

    @Test
    void theCifarReleaseAsTarGzBecomesGreyForAGreyLine() {
        byte[] tgz = TestDrops.gzip(TestDrops.tar(cifarRelease("cifar-10-batches-bin/", 11, 6)));
        DatasetLanded landed = drops.landArchive("cifar-grey", "d", "cifar-10-binary.tar.gz", tgz);
        DatasetPrepared prepared = drops.awaitPrepared(landed);
        assertEquals(TestDrops.CIFAR_CLASSES, prepared.classes());
        assertEquals(List.of(1, 28, 28), List.of(prepared.channels(), prepared.height(), prepared.width()));
        assertEquals(110, StackDrops.total(prepared));
        DatasetStats stats = drops.stats(prepared);
        assertEquals("cifar10-binary", stats.format());
        assertEquals(1, stats.channelMean().length);
        assertTrue(stats.channelMean()[0] > 0.4 && stats.channelMean()[0] < 0.6, "uniform noise: " + stats.channelMean()[0]);
    }

    @Test
    void theSyntheticCifarReleaseStandingInForTheRealOneIsPreparedInColourWithATestSplit() {
        // 2 batches of 150 and a test batch of 100: the drop the CIFAR-10 recipe's end-to-end test trains on.
        byte[] tgz = SyntheticCifar.releaseTarGz(2, 150, 100, 7);
        DatasetPrepared prepared = drops.awaitPrepared(drops.landArchive("cifar-rgb", "synthetic",
                "cifar-10-binary.tar.gz", tgz));
        assertEquals(SyntheticCifar.CLASSES, prepared.classes());
        assertEquals(List.of(3, 32, 32), List.of(prepared.channels(), prepared.height(), prepared.width()));
        assertEquals(400, StackDrops.total(prepared));
        assertEquals("cifar10-binary", drops.stats(prepared).format());
        Map<String, Set<String>> splits = drops.splitContents(prepared);
        assertTrue(splits.get(DatasetManifest.TEST).size() > 10 && splits.get(DatasetManifest.VALIDATION).size() > 10,
                "a test and a validation split: " + splits.keySet());
    }
}
