package dev.prequel.preprocess.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.model.image.ImageShape;
import dev.prequel.preprocess.TestDrops;
import dev.prequel.preprocess.drop.FileRejectedException;
import dev.prequel.preprocess.drop.InMemoryDropReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdxFormatTest {

    private static List<byte[]> images(int n, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[size];
            Arrays.fill(p, (byte) (i * 7));
            out.add(p);
        }
        return out;
    }

    @Test
    void imagesArePairedWithTheirLabelsGzippedOrNot() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("mnist/train-images-idx3-ubyte.gz", TestDrops.gzip(TestDrops.idxImages(images(3, 4), 2, 2)));
        files.put("mnist/train-labels-idx1-ubyte.gz", TestDrops.gzip(TestDrops.idxLabels(new int[] {3, 1, 12})));
        files.put("mnist/t10k-images.idx3-ubyte", TestDrops.idxImages(images(2, 4), 2, 2));
        files.put("mnist/t10k-labels.idx1-ubyte", TestDrops.idxLabels(new int[] {1, 0}));
        var reader = new InMemoryDropReader(files);
        IdxFormat format = new IdxFormat(reader, reader.files(), 1 << 20);
        assertEquals(List.of("0", "1", "3", "12"), format.classNames(), "numeric order");
        CollectingSink sink = new CollectingSink();
        format.read(sink);
        assertEquals(Map.of(), sink.rejected);
        assertEquals(List.of("3", "1", "12", "1", "0"), sink.samples.stream().map(Sample::label).toList());
        Sample.Raw first = (Sample.Raw) sink.samples.get(0);
        assertEquals(new ImageShape(1, 2, 2), first.shape());
        assertEquals("mnist/train-images-idx3-ubyte.gz#0", first.subject());
        assertArrayEquals(new byte[] {7, 7, 7, 7}, ((Sample.Raw) sink.samples.get(1)).pixels());
    }

    @Test
    void unpairedAndForeignFilesAreReported() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte", TestDrops.idxImages(images(1, 4), 2, 2));
        files.put("extra-labels-idx1-ubyte", TestDrops.idxLabels(new int[] {1}));
        files.put("readme.txt", "hello".getBytes());
        var reader = new InMemoryDropReader(files);
        CollectingSink sink = new CollectingSink();
        new IdxFormat(reader, reader.files(), 1 << 20).read(sink);
        assertEquals(Map.of("train-images-idx3-ubyte", "unpaired-idx-file", "extra-labels-idx1-ubyte", "unpaired-idx-file",
                "readme.txt", "unexpected-file"), sink.rejected);
    }

    @Test
    void aTruncatedFileKeepsItsCompleteImagesAndReportsTheRest() throws IOException {
        byte[] full = TestDrops.idxImages(images(3, 4), 2, 2);
        CollectingSink sink = new CollectingSink();
        IdxFormat.readImages(new ByteArrayInputStream(Arrays.copyOf(full, full.length - 2)), "x", new int[] {0, 1, 2},
                1 << 20, sink);
        assertEquals(2, sink.samples.size());
        assertEquals(Map.of("x#2", "corrupt-file"), sink.rejected);
    }

    @Test
    void headersAreChecked() {
        CollectingSink sink = new CollectingSink();
        byte[] images = TestDrops.idxImages(images(3, 4), 2, 2);
        assertEquals("corrupt-file", assertThrows(FileRejectedException.class, () -> IdxFormat.readImages(
                new ByteArrayInputStream(images), "x", new int[] {0, 1}, 1 << 20, sink)).reason(), "count mismatch");
        byte[] floats = images.clone();
        floats[2] = 0x0D;
        assertEquals("corrupt-file", assertThrows(FileRejectedException.class, () -> IdxFormat.readImages(
                new ByteArrayInputStream(floats), "x", new int[] {0, 1, 2}, 1 << 20, sink)).reason(), "float type");
        assertEquals("corrupt-file", assertThrows(FileRejectedException.class, () -> IdxFormat.readImages(
                new ByteArrayInputStream("PK\3\4garbage".getBytes()), "x", new int[] {0}, 1 << 20, sink)).reason());
        byte[] bomb = ByteBuffer.allocate(16).putInt(0x803).putInt(1).putInt(100_000).putInt(100_000).array();
        assertEquals("image-too-large", assertThrows(FileRejectedException.class, () -> IdxFormat.readImages(
                new ByteArrayInputStream(bomb), "x", new int[] {0}, 4096L * 4096, sink)).reason());
        assertEquals(0, sink.samples.size());
    }

    @Test
    void anUnreadableLabelsFileRejectsItsPair() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte", TestDrops.idxImages(images(1, 4), 2, 2));
        files.put("train-labels-idx1-ubyte", new byte[] {0, 0, 8});
        var reader = new InMemoryDropReader(files);
        IdxFormat format = new IdxFormat(reader, reader.files(), 1 << 20);
        assertEquals(List.of(), format.classNames());
        CollectingSink sink = new CollectingSink();
        format.read(sink);
        assertEquals(Map.of("train-labels-idx1-ubyte", "corrupt-file"), sink.rejected);
    }
}
