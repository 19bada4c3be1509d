package dev.prequel.model.metrics;

import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * How one model did on each example of a set, for paired comparisons of two models on the same examples. Labels
 * are in the set's own class list and are translated to the model's: a class the model does not know is wrong by
 * necessity (its prediction is one of its own classes) and has no log-loss ({@code NaN}).
 */
public final class ExampleScores {

    private static final int BATCH = 256;
    private static final double LN2 = Math.log(2);

    private final boolean[] correct;
    private final double[] bits;
    private final int[] predicted;
    private final float[] confidence;

    private ExampleScores(boolean[] correct, double[] bits, int[] predicted, float[] confidence) {
        this.correct = correct;
        this.bits = bits;
        this.predicted = predicted;
        this.confidence = confidence;
    }

    /**
     * @param labelMap the model's class index of each label of the set, or -1 where the model lacks the class
     */
    public static ExampleScores score(LoadedModel loaded, List<Example> examples, int[] labelMap) {
        ImageShape shape = ModelArtifact.inputShape(loaded.model());
        boolean[] correct = new boolean[examples.size()];
        double[] bits = new double[examples.size()];
        int[] predicted = new int[examples.size()];
        float[] confidence = new float[examples.size()];
        List<Example> batch = new ArrayList<>(BATCH);
        for (int start = 0; start < examples.size(); start += BATCH) {
            batch.clear();
            batch.addAll(examples.subList(start, Math.min(examples.size(), start + BATCH)));
            float[][] rows = ModelEvaluation.logSoftmax(loaded.model(), loaded.normalisation(), shape, batch);
            for (int i = 0; i < rows.length; i++) {
                int label = labelMap[batch.get(i).label()];
                int best = ModelEvaluation.argMax(rows[i]);
                predicted[start + i] = best;
                confidence[start + i] = (float) Math.exp(rows[i][best]);
                correct[start + i] = label >= 0 && best == label;
                bits[start + i] = label >= 0 ? -rows[i][label] / LN2 : Double.NaN;
            }
        }
        return new ExampleScores(correct, bits, predicted, confidence);
    }

    /**
     * Scores already computed (another scorer, or a hand-made case in a test).
     *
     * @param predicted each example's guess, an index into the model's classes
     * @param confidence the probability of each guess
     */
    public static ExampleScores of(boolean[] correct, double[] bits, int[] predicted, float[] confidence) {
        int n = correct.length;
        if (bits.length != n || predicted.length != n || confidence.length != n) {
            throw new IllegalArgumentException("one value per example in every array");
        }
        return new ExampleScores(correct.clone(), bits.clone(), predicted.clone(), confidence.clone());
    }

    public int size() {
        return correct.length;
    }

    public boolean correct(int i) {
        return correct[i];
    }

    /** The model's guess for example {@code i}: an index into the model's own classes. */
    public int predicted(int i) {
        return predicted[i];
    }

    /** The probability the model gives its guess (its top softmax output), for calibration. */
    public double confidence(int i) {
        return confidence[i];
    }

    /** -log2 p(true class), or NaN where the model does not know the class. */
    public double bits(int i) {
        return bits[i];
    }

    public double accuracy() {
        int right = 0;
        for (boolean c : correct) {
            right += c ? 1 : 0;
        }
        return correct.length == 0 ? 0 : (double) right / correct.length;
    }

    /** Mean bits per label over the examples the model knows the class of; NaN when there are none. */
    public double meanBits() {
        double sum = 0;
        int n = 0;
        for (double b : bits) {
            if (!Double.isNaN(b)) {
                sum += b;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
