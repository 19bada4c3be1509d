package dev.prequel.preprocess.format;

import dev.prequel.preprocess.drop.DropFile;
import dev.prequel.preprocess.drop.DropReader;
import dev.prequel.preprocess.drop.FileRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code <label>/<file>} at any depth: the label is the name of the folder holding each image. */
final class ImageFolderFormat implements DatasetFormat {

    private final DropReader reader;
    private final List<DropFile> files;

    ImageFolderFormat(DropReader reader, List<DropFile> files) {
        this.reader = reader;
        this.files = files;
    }

    @Override
    public String name() {
        return "image-folder";
    }

    /** Sorted names of the folders holding image-named files: stable, whatever the archive's order. */
    @Override
    public List<String> classNames() {
        TreeSet<String> labels = new TreeSet<>();
        for (DropFile f : files) {
            String label = Labels.labelOf(f.path());
            if (label != null && ImageFiles.looksLikeImage(f.path())) {
                labels.add(label);
            }
        }
        return new ArrayList<>(labels);
    }

    @Override
    public void read(SampleSink sink) {
        for (DropFile f : files) {
            String folder = Labels.folderOf(f.path());
            if (folder == null) {
                sink.reject(f.path(), "no-label", "files must sit in a folder named after their label");
            } else if (!Labels.isSafe(folder)) {
                sink.reject(f.path(), "unsafe-label", "label folders may hold letters, digits, space, '.', '_' and '-'"
                        + " (at most 64, starting with a letter or digit)");
            } else if (f.size() == 0) {
                sink.reject(f.path(), "empty-file", "zero-byte file");
            } else {
                readOne(f, folder, sink);
            }
        }
    }

    private void readOne(DropFile f, String label, SampleSink sink) {
        byte[] bytes;
        try {
            bytes = reader.readAll(f);
        } catch (FileRejectedException e) {
            sink.reject(f.path(), e.reason(), e.getMessage());
            return;
        }
        if (bytes.length == 0) {
            sink.reject(f.path(), "empty-file", "zero-byte file");
        } else {
            sink.accept(new Sample.Encoded(f.path(), label, bytes));
        }
    }
}
