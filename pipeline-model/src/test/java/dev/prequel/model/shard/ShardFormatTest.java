package dev.prequel.model.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.image.ImageShape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardFormatTest {

    private static final ImageShape SHAPE = new ImageShape(3, 4, 5);

    @Test
    void roundTripsExamplesAndDescribesTheShard() {
        List<Example> examples = examples(100, SHAPE, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardEntry entry;
        try (ShardWriter writer = new ShardWriter(bytes, SHAPE)) {
            examples.forEach(writer::write);
            writer.finish();
            entry = writer.entry("train", ShardFormat.key("train", 0));
        }

        byte[] file = bytes.toByteArray();
        assertEquals(ShardFormat.bytes(100, SHAPE.size()), file.length);
        assertEquals(new ShardEntry("train", "train-00000.shard", 100, file.length,
                dev.prequel.events.Ids.sha256Hex(file)), entry);

        List<Example> read = new ArrayList<>();
        try (ShardReader reader = new ShardReader(new ByteArrayInputStream(file), entry)) {
            assertEquals(SHAPE, reader.shape());
            reader.forEachRemaining(read::add);
        }
        assertEquals(examples.size(), read.size());
        for (int i = 0; i < examples.size(); i++) {
            assertEquals(examples.get(i).label(), read.get(i).label());
            assertArrayEquals(examples.get(i).pixels(), read.get(i).pixels());
        }
    }

    @Test
    void aFlippedPixelByteFailsTheChecksum() {
        Written shard = write(50);
        byte[] damaged = shard.bytes().clone();
        damaged[ShardFormat.HEADER_BYTES + 10 * (4 + SHAPE.size()) + 7] ^= 0x01;

        CorruptShardException e = assertThrows(CorruptShardException.class, () -> readAll(damaged, shard.entry()));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void aFlippedHeaderOrLabelByteIsReportedWhereItIs() {
        Written shard = write(5);
        byte[] badMagic = shard.bytes().clone();
        badMagic[0] ^= 0x20;
        assertTrue(assertThrows(CorruptShardException.class, () -> readAll(badMagic, null)).getMessage()
                .contains("bad magic"));

        byte[] badLabel = shard.bytes().clone();
        badLabel[ShardFormat.HEADER_BYTES] = (byte) 0x80; // label's sign bit
        assertTrue(assertThrows(CorruptShardException.class, () -> readAll(badLabel, null)).getMessage()
                .contains("invalid label"));
    }

    @Test
    void truncationIsDetectedWhereverTheFileEnds() {
        Written shard = write(20);
        byte[] file = shard.bytes();
        int[] cuts = {0, 3, ShardFormat.HEADER_BYTES - 1, ShardFormat.HEADER_BYTES + 2,
                ShardFormat.HEADER_BYTES + 4 + SHAPE.size(), // exactly after the first record
                file.length - 5, file.length - 1};
        for (int cut : cuts) {
            byte[] truncated = Arrays.copyOf(file, cut);
            CorruptShardException e = assertThrows(CorruptShardException.class, () -> readAll(truncated, null),
                    "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), cut + ": " + e.getMessage());
        }
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertTrue(assertThrows(CorruptShardException.class, () -> readAll(longer, null)).getMessage()
                .contains("bytes follow"));
    }

    @Test
    void theManifestEntryMustMatchTheCount() {
        Written shard = write(3);
        ShardEntry wrongCount = new ShardEntry("train", "x.shard", 4, shard.entry().bytes(), shard.entry().sha256());
        assertTrue(assertThrows(CorruptShardException.class, () -> readAll(shard.bytes(), wrongCount)).getMessage()
                .contains("does not match the manifest"));
    }

    @Test
    void readingStreamsOneRecordAtATime() {
        ImageShape mnist = new ImageShape(1, 28, 28);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ShardWriter writer = new ShardWriter(bytes, mnist)) {
            examples(5000, mnist, 2).forEach(writer::write);
        }
        CountingStream counting = new CountingStream(new ByteArrayInputStream(bytes.toByteArray()));
        try (ShardReader reader = new ShardReader(counting)) {
            assertTrue(reader.hasNext());
            reader.next();
            // ~3.9 MB shard; the reader has pulled only its 64 KiB buffer.
            assertTrue(counting.read < 200_000, "read " + counting.read + " bytes of " + bytes.size());
            int n = 1;
            while (reader.hasNext()) {
                reader.next();
                n++;
            }
            assertEquals(5000, n);
        }
    }

    @Test
    void localShardsStreamASplitAgainAndAgainAndTheManifestRoundTrips(@TempDir Path dir) throws IOException {
        List<ShardEntry> entries = new ArrayList<>();
        int[] sizes = {30, 12};
        for (int i = 0; i < sizes.length; i++) {
            String key = ShardFormat.key("train", i);
            try (ShardWriter writer = new ShardWriter(Files.newOutputStream(dir.resolve(key)), SHAPE)) {
                examples(sizes[i], SHAPE, 10 + i).forEach(writer::write);
                writer.close();
                entries.add(writer.entry("train", key));
            }
        }
        Written test = write(7);
        Files.write(dir.resolve("test-00000.shard"), test.bytes());
        entries.add(new ShardEntry("test", "test-00000.shard", 7, test.entry().bytes(), test.entry().sha256()));
        DatasetManifest manifest = new DatasetManifest("digits", "ds-0123456789abcdef", List.of("a", "b", "c"), SHAPE,
                new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.5f, 0.5f}, entries,
                Map.of("train", 42, "test", 7), 3, Instant.parse("2026-11-28T10:00:00Z"));

        DatasetManifest parsed = DatasetManifest.fromJson(manifest.toJson());
        assertEquals(manifest.shards(), parsed.shards());
        assertEquals(manifest.classes(), parsed.classes());
        assertEquals(SHAPE, parsed.shape());
        assertArrayEquals(manifest.mean(), parsed.mean());
        assertEquals(42, parsed.examples("train"));
        assertTrue(new String(manifest.toJson()).contains("\"channels\" : 3"));

        LocalShards train = LocalShards.split(dir, parsed, "train");
        assertEquals(42, train.examples());
        for (int pass = 0; pass < 2; pass++) {
            int n = 0;
            for (Example ignored : train) {
                n++;
            }
            assertEquals(42, n);
        }
        Files.write(dir.resolve("test-00000.shard"), Arrays.copyOf(test.bytes(), test.bytes().length - 1));
        var it = LocalShards.split(dir, parsed, "test").iterator();
        assertThrows(CorruptShardException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
        assertFalse(parsed.shards("val").iterator().hasNext());
    }

    private record Written(byte[] bytes, ShardEntry entry) {
    }

    private static Written write(int n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShardWriter writer = new ShardWriter(bytes, SHAPE);
        examples(n, SHAPE, 3).forEach(writer::write);
        writer.close();
        return new Written(bytes.toByteArray(), writer.entry("train", "train-00000.shard"));
    }

    private static int readAll(byte[] file, ShardEntry entry) {
        try (ShardReader reader = entry == null ? new ShardReader(new ByteArrayInputStream(file))
                : new ShardReader(new ByteArrayInputStream(file), entry)) {
            int n = 0;
            while (reader.hasNext()) {
                reader.next();
                n++;
            }
            return n;
        }
    }

    static List<Example> examples(int n, ImageShape shape, long seed) {
        Random random = new Random(seed);
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] pixels = new byte[shape.size()];
            random.nextBytes(pixels);
            list.add(new Example(random.nextInt(10), pixels));
        }
        return list;
    }

    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }
}
