package dev.prequel.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Deterministic drops cut from the repository's sample ({@code samples/mnist-2000.zip}, image-folder layout):
 * the same slice always holds the same images, so tests, the local run and benchmarks agree on what they use.
 */
public final class SampleDrops {

    /** One labelled image of the sample. */
    public record LabelledImage(String label, String name, byte[] bytes) {
    }

    private final Map<String, List<LabelledImage>> byLabel = new TreeMap<>();

    private SampleDrops(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            file.stream().filter(e -> !e.isDirectory() && e.getName().contains("/")).forEach(e -> {
                String[] parts = e.getName().split("/");
                try {
                    byLabel.computeIfAbsent(parts[parts.length - 2], k -> new ArrayList<>())
                            .add(new LabelledImage(parts[parts.length - 2], parts[parts.length - 1],
                                    file.getInputStream(e).readAllBytes()));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample " + zip, e);
        }
        byLabel.values().forEach(l -> l.sort(Comparator.comparing(LabelledImage::name)));
    }

    public static SampleDrops load(Path sampleZip) {
        return new SampleDrops(sampleZip);
    }

    /** Finds {@code samples/mnist-2000.zip} from the working directory or one of its parents. */
    public static Path locateSample() {
        return locateSample("mnist-2000.zip");
    }

    /** Finds {@code samples/<fileName>} from the working directory or one of its parents. */
    public static Path locateSample(String fileName) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("samples").resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("samples/" + fileName + " not found above " + Path.of("").toAbsolutePath());
    }

    public List<String> labels() {
        return List.copyOf(byLabel.keySet());
    }

    /** Every image, sorted by its name in the zip ({@code <label>/<file>}). */
    public List<LabelledImage> all() {
        List<LabelledImage> out = new ArrayList<>();
        byLabel.values().forEach(out::addAll);
        out.sort(Comparator.comparing((LabelledImage i) -> i.label() + "/" + i.name()));
        return out;
    }

    /** Images {@code from} to {@code from + perClass - 1} (in name order) of every class. */
    public List<LabelledImage> slice(int from, int perClass) {
        List<LabelledImage> out = new ArrayList<>();
        byLabel.values().forEach(images -> out.addAll(images.subList(Math.min(from, images.size()),
                Math.min(from + perClass, images.size()))));
        return out;
    }

    /** The Open Inference Protocol v2 JSON infer request for {@code images}: one BYTES tensor of base64 images. */
    public static String inferRequestJson(List<LabelledImage> images) {
        StringBuilder data = new StringBuilder();
        for (LabelledImage i : images) {
            data.append(data.length() == 0 ? "" : ",").append('"')
                    .append(java.util.Base64.getEncoder().encodeToString(i.bytes())).append('"');
        }
        return "{\"inputs\":[{\"name\":\"image\",\"shape\":[" + images.size()
                + "],\"datatype\":\"BYTES\",\"data\":[" + data + "]}]}";
    }

    /** A zip in the image-folder layout ({@code <label>/<file>}) of the given images. */
    public static byte[] zip(List<LabelledImage> images) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (LabelledImage image : images) {
                ZipEntry entry = new ZipEntry(image.label() + "/" + image.name());
                entry.setTime(0); // same images, same bytes: the dataset id is a content hash
                zip.putNextEntry(entry);
                zip.write(image.bytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
