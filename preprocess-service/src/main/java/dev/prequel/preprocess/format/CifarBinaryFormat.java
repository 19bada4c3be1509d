package dev.prequel.preprocess.format;

import dev.prequel.model.image.ImageShape;
import dev.prequel.preprocess.drop.DropFile;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.drop.FileRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CIFAR-10 binary release ({@code data_batch_1..5.bin}, {@code test_batch.bin}, {@code batches.meta.txt}),
 * loose or inside {@code cifar-10-binary.tar.gz}. A record is one label byte and 3072 pixel bytes: the red, green
 * and blue 32x32 planes, which is already CHW.
 *
 * <p>{@code test_batch.bin} is treated as ordinary data: every example's split comes from its content hash, as for
 * any other format, so an image keeps its split across drops and lines, and the evaluator compares candidate and
 * champion on one test split built the same way for every dataset of the line.
 */
final class CifarBinaryFormat implements DatasetFormat {

    static final Pattern BATCH = Pattern.compile("(data_batch_\\d+|test_batch)\\.bin");
    static final String META = "batches.meta.txt";
    static final ImageShape SHAPE = new ImageShape(3, 32, 32);
    static final int RECORD_BYTES = 1 + 3072;
    /** Shipped with the release; not data, not a problem. */
    private static final Set<String> COMPANIONS = Set.of(META, "readme.html");

    private final DropReader reader;
    private final List<DropFile> files;
    private List<String> classes;

    CifarBinaryFormat(DropReader reader, List<DropFile> files) {
        this.reader = reader;
        this.files = files;
    }

    @Override
    public String name() {
        return "cifar10-binary";
    }

    @Override
    public List<String> classNames() {
        if (classes == null) {
            DropFile meta = files.stream().filter(f -> f.name().equals(META)).findFirst()
                    .orElseThrow(() -> new DropRejectedException("missing-metadata",
                            "a CIFAR-10 drop needs batches.meta.txt for its class names"));
            try {
                classes = parseMeta(new String(reader.readAll(meta), StandardCharsets.UTF_8));
            } catch (FileRejectedException e) {
                throw new DropRejectedException("missing-metadata", "batches.meta.txt is unusable: " + e.getMessage());
            }
        }
        return classes;
    }

    /** One class name per non-blank line, in label order. */
    static List<String> parseMeta(String text) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!Labels.isSafe(name)) {
                throw new DropRejectedException("unsafe-label", "batches.meta.txt names an unsafe label on line "
                        + (names.size() + 1));
            }
            names.add(name);
        }
        if (names.isEmpty() || names.size() > 256) {
            throw new DropRejectedException("missing-metadata", "batches.meta.txt must name 1 to 256 classes, names "
                    + names.size());
        }
        return names;
    }

    @Override
    public void read(SampleSink sink) {
        List<String> names = classNames();
        for (DropFile f : files) {
            if (BATCH.matcher(f.name()).matches()) {
                try (InputStream in = reader.open(f)) {
                    readBatch(in, f.path(), names, sink);
                } catch (FileRejectedException e) {
                    sink.reject(f.path(), e.reason(), e.getMessage());
                } catch (IOException e) {
                    sink.reject(f.path(), "corrupt-file", "cannot read: " + e.getMessage());
                }
            } else if (!COMPANIONS.contains(f.name())) {
                sink.reject(f.path(), "unexpected-file", "not part of the CIFAR-10 binary release");
            }
        }
    }

    /** Streams the records of one batch file; a partial last record is reported, not guessed at. */
    static void readBatch(InputStream in, String path, List<String> classes, SampleSink sink) throws IOException {
        byte[] record = new byte[RECORD_BYTES];
        for (int index = 0;; index++) {
            int n = in.readNBytes(record, 0, RECORD_BYTES);
            if (n == 0) {
                return;
            }
            String subject = path + "#" + index;
            if (n < RECORD_BYTES) {
                sink.reject(subject, "corrupt-file", "truncated: the last record has " + n + " of " + RECORD_BYTES
                        + " bytes");
                return;
            }
            int label = record[0] & 0xff;
            if (label >= classes.size()) {
                sink.reject(subject, "corrupt-file", "label " + label + " but batches.meta.txt names "
                        + classes.size() + " classes");
                continue;
            }
            sink.accept(new Sample.Raw(subject, classes.get(label), Arrays.copyOfRange(record, 1, RECORD_BYTES), SHAPE));
        }
    }
}
