package dev.prequel.preprocess.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatDetectorTest {

    @Test
    void cifarBatchesMakeACifarDrop() {
        assertEquals(FormatDetector.Kind.CIFAR10_BINARY, FormatDetector.detect(List.of("cifar-10-batches-bin/readme.html",
                "cifar-10-batches-bin/batches.meta.txt", "cifar-10-batches-bin/data_batch_1.bin")));
        assertEquals(FormatDetector.Kind.CIFAR10_BINARY, FormatDetector.detect(List.of("test_batch.bin")));
    }

    @Test
    void idxFilesMakeAnIdxDropGzippedOrNot() {
        assertEquals(FormatDetector.Kind.MNIST_IDX, FormatDetector.detect(List.of("train-images-idx3-ubyte.gz",
                "train-labels-idx1-ubyte.gz")));
        assertEquals(FormatDetector.Kind.MNIST_IDX, FormatDetector.detect(List.of("mnist/t10k-images.idx3-ubyte")));
    }

    @Test
    void anythingElseIsAnImageFolder() {
        assertEquals(FormatDetector.Kind.IMAGE_FOLDER, FormatDetector.detect(List.of("7/a.png", "8/b.jpg", "notes.txt")));
        assertEquals(FormatDetector.Kind.IMAGE_FOLDER, FormatDetector.detect(List.of()));
        assertEquals(FormatDetector.Kind.IMAGE_FOLDER, FormatDetector.detect(List.of("1/data_batch_1.bin.png")));
    }
}
