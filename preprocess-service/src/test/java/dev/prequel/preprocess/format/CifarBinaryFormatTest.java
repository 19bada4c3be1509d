package dev.prequel.preprocess.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.preprocess.TestDrops;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.drop.InMemoryDropReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CifarBinaryFormatTest {

    @Test
    void recordsBecomeRgbImagesNamedByTheMetaFile() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("cifar-10-batches-bin/readme.html", "<html/>".getBytes());
        files.put("cifar-10-batches-bin/data_batch_1.bin", TestDrops.cifarBatch(new int[] {9, 0},
                List.of(TestDrops.cifarPixels(1, 0), TestDrops.cifarPixels(1, 1))));
        files.put("cifar-10-batches-bin/batches.meta.txt", TestDrops.cifarMeta());
        files.put("cifar-10-batches-bin/test_batch.bin", TestDrops.cifarBatch(new int[] {3},
                List.of(TestDrops.cifarPixels(1, 2))));
        var reader = new InMemoryDropReader(files);
        CifarBinaryFormat format = new CifarBinaryFormat(reader, reader.files());
        assertEquals(TestDrops.CIFAR_CLASSES, format.classNames());
        CollectingSink sink = new CollectingSink();
        format.read(sink);
        assertEquals(Map.of(), sink.rejected, "readme.html and the meta file are part of the release");
        assertEquals(List.of("truck", "airplane", "cat"), sink.samples.stream().map(Sample::label).toList());
        Sample.Raw first = (Sample.Raw) sink.samples.get(0);
        assertEquals(CifarBinaryFormat.SHAPE, first.shape());
        assertArrayEquals(TestDrops.cifarPixels(1, 0), first.pixels());
        assertEquals("cifar-10-batches-bin/test_batch.bin#0", sink.samples.get(2).subject());
    }

    @Test
    void badRecordsAreReportedOneByOne() throws IOException {
        byte[] batch = TestDrops.cifarBatch(new int[] {1, 200, 2}, List.of(TestDrops.cifarPixels(2, 0),
                TestDrops.cifarPixels(2, 1), TestDrops.cifarPixels(2, 2)));
        CollectingSink sink = new CollectingSink();
        CifarBinaryFormat.readBatch(new ByteArrayInputStream(Arrays.copyOf(batch, batch.length - 100)), "b.bin",
                TestDrops.CIFAR_CLASSES, sink);
        assertEquals(1, sink.samples.size());
        assertEquals(Map.of("b.bin#1", "corrupt-file", "b.bin#2", "corrupt-file"), sink.rejected);
    }

    @Test
    void theMetaFileIsRequiredAndChecked() {
        var reader = new InMemoryDropReader(Map.of("data_batch_1.bin", new byte[3073]));
        assertEquals("missing-metadata", assertThrows(DropRejectedException.class,
                () -> new CifarBinaryFormat(reader, reader.files()).classNames()).reason());
        assertEquals("unsafe-label", assertThrows(DropRejectedException.class,
                () -> CifarBinaryFormat.parseMeta("cat\n../../etc\n")).reason());
        assertEquals("missing-metadata", assertThrows(DropRejectedException.class,
                () -> CifarBinaryFormat.parseMeta("\n\n")).reason());
        assertEquals(List.of("a", "b"), CifarBinaryFormat.parseMeta("a\r\nb\r\n"));
    }

    @Test
    void foreignFilesInACifarDropAreUnexpected() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("batches.meta.txt", TestDrops.cifarMeta());
        files.put("data_batch_1.bin", TestDrops.cifarBatch(new int[] {1}, List.of(TestDrops.cifarPixels(3, 0))));
        files.put("cat/photo.png", new byte[] {1});
        var reader = new InMemoryDropReader(files);
        CollectingSink sink = new CollectingSink();
        new CifarBinaryFormat(reader, reader.files()).read(sink);
        assertEquals(Map.of("cat/photo.png", "unexpected-file"), sink.rejected);
    }
}
