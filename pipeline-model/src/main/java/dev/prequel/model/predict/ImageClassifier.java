package dev.prequel.model.predict;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Class probabilities for CHW pixel bytes, safe for concurrent callers: each call runs on its own
 * DJL {@link Predictor} (one per thread is DJL's rule) and normalises with the descriptor's mean/std.
 *
 * <p>Every forward pass runs with autograd off ({@link NoGrad}), whatever the calling thread's grad mode.
 *
 * <p>The classifier owns the {@link LoadedModel}. {@link #close()} may be called while other threads
 * are predicting (a hot swap): the model is closed when the last running call finishes, because
 * closing it under a running call crashes libtorch. Calls that start after close fail with
 * {@link ClassifierClosedException}; the caller retries with the model that replaced this one.
 */
public final class ImageClassifier implements AutoCloseable {

    private final LoadedModel loaded;
    private final ModelDescriptor descriptor;
    private final Normalisation normalisation;
    private final Translator<List<byte[]>, float[][]> translator;
    /** Running calls plus one for the owner until closed; the model is closed when it reaches zero. */
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    public ImageClassifier(LoadedModel loaded) {
        this.loaded = loaded;
        this.descriptor = loaded.descriptor();
        this.normalisation = descriptor.normalisation();
        this.translator = new ProbabilityTranslator(normalisation, descriptor.shape());
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public ImageShape shape() {
        return descriptor.shape();
    }

    public List<String> classes() {
        return descriptor.classes();
    }

    /** Probabilities over {@link #classes()} for one image. */
    public float[] probabilities(byte[] chwPixels) {
        return probabilities(List.of(chwPixels)).get(0);
    }

    /** Probabilities for each image of a batch, in order; one forward pass. */
    public List<float[]> probabilities(List<byte[]> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int expected = descriptor.shape().size();
        for (byte[] pixels : batch) {
            if (pixels.length != expected) {
                throw new IllegalArgumentException("expected " + expected + " pixel bytes (" + descriptor.shape()
                        + " CHW), got " + pixels.length);
            }
        }
        acquire();
        try (NoGrad noGrad = new NoGrad();
                Predictor<List<byte[]>, float[][]> predictor = loaded.model().newPredictor(translator)) {
            return Arrays.asList(predictor.predict(batch));
        } catch (TranslateException e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    /**
     * A predictor kept by one thread for many batches (a serving worker), so it is not rebuilt per call. It holds
     * the model open like a running call does: the model closes after {@link #close()} and the last session.
     */
    public Session openSession() {
        acquire();
        try {
            return new Session(loaded.model().newPredictor(translator));
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** One thread's predictor; not for concurrent use. */
    public final class Session implements AutoCloseable {
        private final Predictor<List<byte[]>, float[][]> predictor;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Session(Predictor<List<byte[]>, float[][]> predictor) {
            this.predictor = predictor;
        }

        /** Probabilities for each CHW image of the batch, in order; one forward pass. */
        public float[][] probabilities(List<byte[]> batch) {
            if (!open.get()) {
                throw new ClassifierClosedException("session for " + descriptor.model() + " is closed");
            }
            int expected = descriptor.shape().size();
            for (byte[] pixels : batch) {
                if (pixels.length != expected) {
                    throw new IllegalArgumentException("expected " + expected + " pixel bytes, got " + pixels.length);
                }
            }
            try (NoGrad noGrad = new NoGrad()) { // the calling thread's grad mode is on unless it says otherwise
                return batch.isEmpty() ? new float[0][] : predictor.predict(batch);
            } catch (TranslateException e) {
                throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                predictor.close();
                release();
            }
        }
    }

    /** The {@code k} most probable classes, most probable first. */
    public List<ClassScore> top(byte[] chwPixels, int k) {
        return top(probabilities(chwPixels), descriptor.classes(), k);
    }

    public static List<ClassScore> top(float[] probabilities, List<String> classes, int k) {
        List<ClassScore> scores = new ArrayList<>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            scores.add(new ClassScore(i, classes.get(i), probabilities[i]));
        }
        scores.sort(Comparator.comparingDouble(ClassScore::probability).reversed()
                .thenComparingInt(ClassScore::index));
        return List.copyOf(scores.subList(0, Math.max(0, Math.min(k, scores.size()))));
    }

    private void acquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                throw new ClassifierClosedException("classifier for " + descriptor.model() + " " + descriptor.version()
                        + " is closed");
            }
            if (references.compareAndSet(n, n + 1)) {
                return;
            }
        }
    }

    private void release() {
        if (references.decrementAndGet() == 0) {
            loaded.close();
        }
    }

    /** Closes the model now, or when the last running call finishes. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    /** Normalises raw bytes into an NCHW batch and turns logits into probabilities, in the predictor's memory scope. */
    private record ProbabilityTranslator(Normalisation normalisation, ImageShape shape)
            implements Translator<List<byte[]>, float[][]> {

        private static final String ROWS = "prequel.rows";

        @Override
        public NDList processInput(TranslatorContext ctx, List<byte[]> input) {
            ctx.setAttachment(ROWS, input.size());
            return new NDList(normalisation.toNDArray(ctx.getNDManager(), LoneImage.padded(input), shape));
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray logits = list.singletonOrThrow();
            int rows = (Integer) ctx.getAttachment(ROWS); // a lone image ran twice: its first row only
            int classes = (int) logits.getShape().get(1);
            float[] flat = logits.softmax(1).toFloatArray();
            float[][] out = new float[rows][];
            for (int i = 0; i < rows; i++) {
                out[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // the input is already a batch
        }
    }
}
