package dev.prequel.preprocess.format;

import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.model.image.ImageShape;
import dev.prequel.preprocess.drop.DropFile;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.drop.FileRejectedException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MNIST's IDX files, optionally gzipped: {@code <stem>-images-idx3-ubyte} paired with {@code <stem>-labels-idx1-ubyte}
 * in the same folder (also the {@code .idx3-ubyte} spelling). Labels are the numeric values, as class names
 * {@code "0"}, {@code "1"}, ... in numeric order. Images are streamed one record at a time; labels are small and
 * read whole.
 */
final class IdxFormat implements DatasetFormat {

    static final Pattern FILE = Pattern.compile("(.+?)[-.](images|labels)[-.]idx([13])-ubyte(\\.gz)?",
            Pattern.CASE_INSENSITIVE);

    private record Pair(DropFile images, DropFile labels) {
    }

    private final DropReader reader;
    private final long maxImagePixels;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final List<DropFile> unpaired = new ArrayList<>();
    private final List<DropFile> unexpected = new ArrayList<>();
    private final Map<DropFile, int[]> labels = new HashMap<>();
    private final Map<DropFile, FileRejectedException> unreadable = new HashMap<>();
    private List<String> classes;

    IdxFormat(DropReader reader, List<DropFile> files, long maxImagePixels) {
        this.reader = reader;
        this.maxImagePixels = maxImagePixels;
        Map<String, DropFile> images = new LinkedHashMap<>();
        Map<String, DropFile> labelFiles = new HashMap<>();
        for (DropFile f : files) {
            Matcher m = FILE.matcher(f.name());
            if (!m.matches() || m.group(2).equalsIgnoreCase("images") != m.group(3).equals("3")) {
                unexpected.add(f);
                continue;
            }
            String key = f.path().substring(0, f.path().length() - f.name().length()) + m.group(1).toLowerCase(Locale.ROOT);
            (m.group(2).equalsIgnoreCase("images") ? images : labelFiles).put(key, f);
        }
        images.forEach((key, f) -> {
            DropFile l = labelFiles.remove(key);
            if (l == null) {
                unpaired.add(f);
            } else {
                pairs.put(key, new Pair(f, l));
            }
        });
        unpaired.addAll(labelFiles.values());
    }

    @Override
    public String name() {
        return "mnist-idx";
    }

    @Override
    public List<String> classNames() {
        if (classes == null) {
            TreeSet<Integer> values = new TreeSet<>();
            for (Pair p : pairs.values()) {
                try {
                    int[] l = readLabels(p.labels());
                    labels.put(p.labels(), l);
                    for (int v : l) {
                        values.add(v);
                    }
                } catch (FileRejectedException e) {
                    unreadable.put(p.labels(), e);
                }
            }
            classes = values.stream().map(String::valueOf).toList();
        }
        return classes;
    }

    private int[] readLabels(DropFile file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(reader.openInflated(file)))) {
            int count = IdxHeader.read(in, file.path()).require(1, file.path()).count();
            byte[] bytes = in.readNBytes(count);
            if (bytes.length < count) {
                throw new FileRejectedException("corrupt-file", file.path() + " is truncated: " + bytes.length + " of "
                        + count + " labels");
            }
            int[] values = new int[count];
            for (int i = 0; i < count; i++) {
                values[i] = bytes[i] & 0xff;
            }
            return values;
        } catch (IOException e) {
            throw new FileRejectedException("corrupt-file", "cannot read " + file.path() + ": " + e.getMessage());
        }
    }

    @Override
    public void read(SampleSink sink) {
        classNames();
        unexpected.forEach(f -> sink.reject(f.path(), "unexpected-file", "not an IDX images or labels file"));
        unpaired.forEach(f -> sink.reject(f.path(), "unpaired-idx-file",
                "IDX images and labels come in pairs (<stem>-images-idx3-ubyte with <stem>-labels-idx1-ubyte)"));
        for (Pair p : pairs.values()) {
            FileRejectedException bad = unreadable.get(p.labels());
            if (bad != null) {
                sink.reject(p.labels().path(), bad.reason(), bad.getMessage());
                continue;
            }
            try (InputStream in = reader.openInflated(p.images())) {
                readImages(in, p.images().path(), labels.get(p.labels()), maxImagePixels, sink);
            } catch (FileRejectedException e) {
                sink.reject(p.images().path(), e.reason(), e.getMessage());
            } catch (IOException e) {
                sink.reject(p.images().path(), "corrupt-file", "cannot read: " + e.getMessage());
            }
        }
    }

    /** Streams the images of one IDX file, each with its label; a partial last image is reported, not guessed at. */
    static void readImages(InputStream raw, String path, int[] labels, long maxImagePixels, SampleSink sink)
            throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        IdxHeader header = IdxHeader.read(in, path).require(3, path);
        if (header.count() != labels.length) {
            throw new FileRejectedException("corrupt-file", path + " holds " + header.count() + " images but its labels file "
                    + labels.length + " labels");
        }
        int rows = header.dims()[1];
        int columns = header.dims()[2];
        if (rows < 1 || columns < 1) {
            throw new FileRejectedException("corrupt-file", path + " declares " + rows + "x" + columns + " images");
        }
        if ((long) rows * columns > maxImagePixels) {
            throw new FileRejectedException(ImageRejectedException.IMAGE_TOO_LARGE, path + " declares " + rows + "x"
                    + columns + " images, above the limit of " + maxImagePixels + " pixels");
        }
        ImageShape shape = new ImageShape(1, rows, columns);
        for (int i = 0; i < labels.length; i++) {
            byte[] pixels = in.readNBytes(shape.size());
            if (pixels.length < shape.size()) {
                sink.reject(path + "#" + i, "corrupt-file", "truncated: image " + i + " of " + labels.length
                        + " is incomplete");
                return;
            }
            sink.accept(new Sample.Raw(path + "#" + i, String.valueOf(labels[i]), pixels, shape));
        }
    }
}
