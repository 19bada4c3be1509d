package dev.prequel.model;

import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.shard.Example;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The repository's 2,000 MNIST digits (200 per class), decoded from the zip the way preprocess would. */
public final class MnistSample {

    public static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final Path ZIP = Path.of("..", "samples", "mnist-2000.zip");

    private static Map<Integer, List<byte[]>> byClass;

    private MnistSample() {
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of each class, class by class. */
    public static List<Example> slice(int from, int to) {
        List<Example> examples = new ArrayList<>();
        load().forEach((label, images) -> images.subList(from, to).forEach(p -> examples.add(new Example(label, p))));
        return examples;
    }

    private static synchronized Map<Integer, List<byte[]>> load() {
        if (byClass != null) {
            return byClass;
        }
        // Entries sorted by name so "first 150 of a class" does not depend on the zip's order.
        Map<String, byte[]> files = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ZIP))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (!entry.isDirectory() && entry.getName().endsWith(".png")) {
                    files.put(entry.getName(), zip.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ZIP.toAbsolutePath(), e);
        }
        Map<Integer, List<byte[]>> result = new TreeMap<>();
        files.forEach((name, bytes) -> {
            int label = Integer.parseInt(name.substring(0, name.indexOf('/')));
            result.computeIfAbsent(label, k -> new ArrayList<>())
                    .add(PixelConverter.toPixels(ImageDecoder.decode(bytes), SHAPE));
        });
        byClass = result;
        return result;
    }
}
