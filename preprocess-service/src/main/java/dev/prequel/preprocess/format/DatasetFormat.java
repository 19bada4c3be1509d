package dev.prequel.preprocess.format;

import java.util.List;

/** A layout of labelled images inside a drop: an image folder, the CIFAR-10 binary release, MNIST IDX files. */
public interface DatasetFormat {

    /** Its name in {@code stats.json}, e.g. {@code image-folder}. */
    String name();

    /**
     * The drop's class names in the format's natural order (sorted folder names, CIFAR's {@code batches.meta.txt}
     * order, IDX label values in numeric order), found without decoding any image.
     */
    List<String> classNames();

    /** Hands every sample (and every unusable file or record, with its reason) to {@code sink}, in drop order. */
    void read(SampleSink sink);
}
