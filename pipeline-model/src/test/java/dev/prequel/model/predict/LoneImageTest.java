package dev.prequel.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.MnistSample;
import dev.prequel.model.artifact.LocalModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoneImageTest {

    @TempDir
    Path dir;

    @Test
    void aLoneImageRunsTwiceAndABatchAsItIs() {
        assertEquals(List.of("a", "a"), LoneImage.padded(List.of("a")));
        List<String> two = List.of("a", "b");
        assertSame(two, LoneImage.padded(two));
        assertTrue(LoneImage.padded(List.of()).isEmpty());
    }

    /**
     * One-image predictions write nothing to standard error. Before the padding, on CPUs NNPACK does not support
     * (this project's machines), each one wrote "Could not initialize NNPACK!" once per convolution layer. Where
     * NNPACK works the line never appears, so there the test cannot tell; it runs the classifier in a process of its
     * own because libtorch writes to the process's standard error, past anything Java could capture.
     */
    @Test
    void oneImagePredictionsLogNoNnpackWarning() throws Exception {
        LocalModels.trainAndSave(dir, "digits", "v-lone", "cnn", MnistSample.SHAPE, MnistSample.CLASSES,
                MnistSample.slice(0, 2), 0, 7);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), OneImagePrediction.class.getName(), dir.toString(), "20")
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("predicted 20 single images; first has 10 classes"), output);
        long warnings = output.lines().filter(l -> l.contains("NNPACK")).count();
        assertEquals(0, warnings, "libtorch warned about NNPACK for one-image predictions:\n" + output);
    }
}
