package dev.prequel.preprocess.format;

import dev.prequel.preprocess.drop.DropFile;
import dev.prequel.preprocess.drop.DropReader;
import java.util.List;

/**
 * Tells a drop's layout from its file names alone, before anything is read: any CIFAR-10 batch file makes it the
 * CIFAR-10 binary release, any IDX images or labels file makes it MNIST IDX, anything else is an image folder.
 * A drop is one format; files that do not belong to it are reported, not guessed at.
 */
public final class FormatDetector {

    public enum Kind {
        IMAGE_FOLDER, CIFAR10_BINARY, MNIST_IDX
    }

    private FormatDetector() {
    }

    public static Kind detect(List<String> paths) {
        boolean idx = false;
        for (String path : paths) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (CifarBinaryFormat.BATCH.matcher(name).matches()) {
                return Kind.CIFAR10_BINARY;
            }
            idx |= IdxFormat.FILE.matcher(name).matches();
        }
        return idx ? Kind.MNIST_IDX : Kind.IMAGE_FOLDER;
    }

    /** The format of {@code files} (the drop's data files) read through {@code reader}. */
    public static DatasetFormat open(DropReader reader, List<DropFile> files, long maxImagePixels) {
        Kind kind = detect(files.stream().map(DropFile::path).toList());
        if (kind == Kind.CIFAR10_BINARY) {
            return new CifarBinaryFormat(reader, files);
        }
        if (kind == Kind.MNIST_IDX) {
            return new IdxFormat(reader, files, maxImagePixels);
        }
        return new ImageFolderFormat(reader, files);
    }
}
