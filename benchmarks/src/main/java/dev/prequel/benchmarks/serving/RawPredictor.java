package dev.prequel.benchmarks.serving;

import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.predict.ImageClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: the same artifact in this JVM, one thread, one DJL predictor, PNG bytes decoded and converted as
 * serving does, then one forward pass per batch. What serving adds (HTTP, JSON or binary, queueing) is the rest.
 */
final class RawPredictor implements AutoCloseable {

    private final ImageClassifier classifier;
    private final ImageClassifier.Session session;

    RawPredictor(Path artifactDir) {
        LoadedModel loaded = ModelArtifact.load(artifactDir);
        classifier = new ImageClassifier(loaded);
        session = classifier.openSession();
    }

    Measurement run(List<byte[]> pngs, int batch, double seconds) {
        LatencyLog log = new LatencyLog();
        long images = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int next = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            List<byte[]> pixels = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                byte[] png = pngs.get(next++ % pngs.size());
                pixels.add(PixelConverter.toPixels(ImageDecoder.decode(png), classifier.shape()));
            }
            float[][] p = session.probabilities(pixels);
            if (p.length != batch) {
                throw new IllegalStateException("expected " + batch + " answers, got " + p.length);
            }
            images += batch;
            log.add(System.nanoTime() - t);
        }
        return Measurement.of(images, (System.nanoTime() - start) / 1e9, log.values(), 0);
    }

    @Override
    public void close() {
        session.close();
        classifier.close();
    }
}
