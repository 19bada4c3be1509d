package dev.prequel.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small, seeded stand-in for the CIFAR-10 binary release ({@code cifar-10-binary.tar.gz}), for tests and benchmarks
 * where the real data cannot be fetched. Each class has its own colour and shape (a square, a disc, stripes, a
 * cross...) drawn at a random place and size over a background of another colour, with per-image colour jitter and
 * pixel noise, so a network has something to learn that is neither trivial nor hopeless. Records are laid out as in
 * the real release: one label byte, then the 32x32 red, green and blue planes.
 */
public final class SyntheticCifar {

    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    public static final int SIZE = 32;
    public static final int RECORD_BYTES = 1 + 3 * SIZE * SIZE;

    private static final int[][] COLOURS = {{230, 60, 50}, {60, 200, 70}, {60, 90, 230}, {230, 210, 60},
        {200, 70, 210}, {60, 210, 210}, {240, 150, 40}, {140, 90, 50}, {240, 240, 240}, {120, 120, 120}};

    private SyntheticCifar() {
    }

    /** {@code count} records, classes in turn, drawn from {@code seed}. */
    public static byte[] batch(int count, long seed) {
        Random random = new Random(seed);
        byte[] out = new byte[count * RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES.size();
            out[i * RECORD_BYTES] = (byte) label;
            draw(label, random, out, i * RECORD_BYTES + 1);
        }
        return out;
    }

    /** The label of record {@code index} of a batch, and its CHW pixels. */
    public static int label(byte[] batch, int index) {
        return batch[index * RECORD_BYTES] & 0xff;
    }

    public static byte[] pixels(byte[] batch, int index) {
        byte[] pixels = new byte[RECORD_BYTES - 1];
        System.arraycopy(batch, index * RECORD_BYTES + 1, pixels, 0, pixels.length);
        return pixels;
    }

    /**
     * The release as one {@code cifar-10-binary.tar.gz}: {@code batches} training batch files of {@code perBatch}
     * records, a {@code test_batch.bin} of {@code test} records and {@code batches.meta.txt}.
     */
    public static byte[] releaseTarGz(int batches, int perBatch, int test, long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("cifar-10-batches-bin/batches.meta.txt",
                (String.join("\n", CLASSES) + "\n\n").getBytes(StandardCharsets.US_ASCII));
        for (int b = 1; b <= batches; b++) {
            files.put("cifar-10-batches-bin/data_batch_" + b + ".bin", batch(perBatch, seed + b));
        }
        files.put("cifar-10-batches-bin/test_batch.bin", batch(test, seed + 1000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                writeTarEntry(gzip, f.getKey(), f.getValue());
            }
            gzip.write(new byte[1024]); // two empty blocks end the archive
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void draw(int label, Random random, byte[] out, int offset) {
        int[] colour = COLOURS[label];
        int[] background = COLOURS[(label + 3 + random.nextInt(7)) % COLOURS.length];
        int jitter = 40;
        int[] fg = new int[3];
        int[] bg = new int[3];
        for (int c = 0; c < 3; c++) {
            fg[c] = colour[c] + random.nextInt(2 * jitter + 1) - jitter;
            bg[c] = background[c] / 2 + random.nextInt(2 * jitter + 1) - jitter;
        }
        int size = 12 + random.nextInt(11);
        int x0 = random.nextInt(SIZE - size + 1);
        int y0 = random.nextInt(SIZE - size + 1);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean inside = shape(label, x - x0, y - y0, size);
                for (int c = 0; c < 3; c++) {
                    int value = (inside ? fg[c] : bg[c]) + (int) Math.round(random.nextGaussian() * 20);
                    out[offset + c * SIZE * SIZE + y * SIZE + x] = (byte) Math.max(0, Math.min(255, value));
                }
            }
        }
    }

    /** Whether (dx, dy) inside the shape's {@code size} box belongs to class {@code label}'s shape. */
    private static boolean shape(int label, int dx, int dy, int size) {
        if (dx < 0 || dy < 0 || dx >= size || dy >= size) {
            return false;
        }
        int half = size / 2;
        return switch (label % 5) {
            case 0 -> true; // a filled square
            case 1 -> (dx - half) * (dx - half) + (dy - half) * (dy - half) <= half * half; // a disc
            case 2 -> (dy / 3) % 2 == 0; // horizontal stripes
            case 3 -> Math.abs(dx - half) <= 2 || Math.abs(dy - half) <= 2; // a cross
            default -> dx + dy < size; // a triangle
        };
    }

    /** One ustar entry: a 512-byte header, then the data padded to 512 bytes. */
    private static void writeTarEntry(OutputStream out, String name, byte[] data) throws IOException {
        byte[] header = new byte[512];
        put(header, 0, name, 100);
        put(header, 100, "0000644", 8);
        put(header, 108, "0000000", 8);
        put(header, 116, "0000000", 8);
        put(header, 124, String.format("%011o", data.length), 12);
        put(header, 136, String.format("%011o", 0L), 12);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = '0';
        put(header, 257, "ustar", 6);
        header[263] = '0';
        header[264] = '0';
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum), 7);
        header[155] = ' ';
        out.write(header);
        out.write(data);
        int pad = (512 - data.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void put(byte[] header, int offset, String value, int length) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
    }
}
