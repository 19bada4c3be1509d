package dev.prequel.model.metrics;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.LoneImage;
import dev.prequel.model.predict.NoGrad;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.List;

/** Scores a model on streamed labelled examples: accuracy, bits per label, confusion matrix. */
public final class ModelEvaluation {

    private static final int BATCH = 256;
    private static final double LN2 = Math.log(2);

    private ModelEvaluation() {
    }

    public static EvaluationResult evaluate(LoadedModel loaded, Iterable<Example> examples) {
        return evaluate(loaded.model(), loaded.normalisation(), loaded.descriptor().classes().size(), examples, null);
    }

    /** Sees each scored example with its log-probabilities (natural log, one per class), in the order streamed. */
    @FunctionalInterface
    public interface Observer {
        /** @param logProbabilities valid only during the call */
        void scored(Example example, float[] logProbabilities);
    }

    /** Scores like {@link #evaluate(LoadedModel, Iterable)} and shows every example to {@code observer}. */
    public static EvaluationResult evaluate(LoadedModel loaded, Iterable<Example> examples, Observer observer) {
        return evaluate(loaded.model(), loaded.normalisation(), loaded.descriptor().classes().size(), examples,
                observer);
    }

    /** Scores a model being trained, fed and labelled as its descriptor says. */
    public static EvaluationResult evaluate(Model model, ModelDescriptor descriptor, Iterable<Example> examples) {
        return evaluate(model, descriptor.normalisation(), descriptor.classes().size(), examples, null);
    }

    /** Scores {@code model} (built by ModelArtifact) whose output has {@code classes} logits. */
    public static EvaluationResult evaluate(Model model, Normalisation normalisation, int classes,
            Iterable<Example> examples) {
        return evaluate(model, normalisation, classes, examples, null);
    }

    private static EvaluationResult evaluate(Model model, Normalisation normalisation, int classes,
            Iterable<Example> examples, Observer observer) {
        ImageShape shape = ModelArtifact.inputShape(model);
        int[][] confusion = new int[classes][classes];
        double bits = 0;
        int total = 0;
        int correct = 0;
        List<Example> batch = new ArrayList<>(BATCH);
        var it = examples.iterator();
        while (it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == BATCH || !it.hasNext()) {
                float[][] logProbabilities = logSoftmax(model, normalisation, shape, batch);
                for (int i = 0; i < batch.size(); i++) {
                    int label = batch.get(i).label();
                    if (label >= classes) {
                        throw new IllegalArgumentException("label " + label + " is out of range for a " + classes
                                + "-class model");
                    }
                    float[] row = logProbabilities[i];
                    if (observer != null) {
                        observer.scored(batch.get(i), row);
                    }
                    int predicted = argMax(row);
                    confusion[label][predicted]++;
                    correct += predicted == label ? 1 : 0;
                    bits += -row[label] / LN2;
                }
                total += batch.size();
                batch.clear();
            }
        }
        return total == 0 ? new EvaluationResult(0, 0, 0, confusion)
                : new EvaluationResult(total, (double) correct / total, bits / total, confusion);
    }

    static float[][] logSoftmax(Model model, Normalisation normalisation, ImageShape shape,
            List<Example> batch) {
        try (NoGrad noGrad = new NoGrad(); NDManager manager = model.getNDManager().newSubManager()) {
            NDArray data = normalisation.toNDArray(manager,
                    LoneImage.padded(batch.stream().map(Example::pixels).toList()), shape);
            NDArray logits = model.getBlock().forward(new ParameterStore(manager, false), new NDList(data), false)
                    .singletonOrThrow();
            float[] flat = logits.logSoftmax(1).toFloatArray();
            int classes = (int) logits.getShape().get(1);
            float[][] rows = new float[batch.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return rows;
        }
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
