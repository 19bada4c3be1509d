package dev.prequel.model.metrics;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calibration by one temperature (Guo et al., "On Calibration of Modern Neural Networks", 2017). A network trained
 * to a low loss is overconfident: its mistakes come with probabilities near zero for the right class, which costs
 * many bits in a code length and makes a log-loss comparison of two models mostly a comparison of their worst
 * answers. Dividing the logits by a temperature fitted on held-out data fixes most of it without changing any
 * prediction's argmax.
 *
 * <p>The temperature is folded into the last linear layer (weight and bias divided by it), so the saved artifact is
 * the calibrated model and every reader (serving, the judge, preprocess's code length) gets calibrated probabilities
 * without knowing about it.
 */
public final class TemperatureScaling {

    /** Fewer validation examples than this fit nothing (the temperature stays 1). */
    public static final int MIN_EXAMPLES = 20;
    private static final double LOWEST_INVERSE = 0.05;
    private static final double HIGHEST_INVERSE = 20;

    private TemperatureScaling() {
    }

    /**
     * Fits the temperature on {@code validation}, folds it into the model's last linear layer and returns it; 1 when
     * there are too few examples or the model does not end in a linear layer.
     */
    public static double calibrate(Model model, Normalisation normalisation, Iterable<Example> validation) {
        Optional<Linear> last = lastLinear(model.getBlock());
        if (last.isEmpty()) {
            return 1;
        }
        ImageShape shape = ModelArtifact.inputShape(model);
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Example> batch = new ArrayList<>();
        var it = validation.iterator();
        while (it.hasNext()) {
            batch.add(it.next());
            if (batch.size() == 256 || !it.hasNext()) {
                float[][] lp = ModelEvaluation.logSoftmax(model, normalisation, shape, batch);
                for (int i = 0; i < batch.size(); i++) {
                    rows.add(lp[i]);
                    labels.add(batch.get(i).label());
                }
                batch.clear();
            }
        }
        if (rows.size() < MIN_EXAMPLES) {
            return 1;
        }
        double temperature = 1 / fitInverse(rows, labels);
        for (Parameter p : last.get().getParameters().values()) {
            p.getArray().divi((float) temperature);
        }
        return temperature;
    }

    /**
     * The inverse temperature b minimising the mean negative log-likelihood of softmax(b * z). Log-probabilities
     * serve as logits (softmax does not see a constant shift); the likelihood is convex in b, so a golden-section
     * search finds its minimum.
     */
    static double fitInverse(List<float[]> logProbabilities, List<Integer> labels) {
        double lo = LOWEST_INVERSE;
        double hi = HIGHEST_INVERSE;
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double b = lo + ratio * (hi - lo);
        double fa = loss(a, logProbabilities, labels);
        double fb = loss(b, logProbabilities, labels);
        for (int i = 0; i < 80; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = loss(a, logProbabilities, labels);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = loss(b, logProbabilities, labels);
            }
        }
        return (lo + hi) / 2;
    }

    /** Mean negative log-likelihood (nats) of the labels under softmax(inverse * row). */
    static double loss(double inverse, List<float[]> rows, List<Integer> labels) {
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, inverse * v);
            }
            double z = 0;
            for (float v : row) {
                z += Math.exp(inverse * v - max);
            }
            sum += max + Math.log(z) - inverse * row[labels.get(i)];
        }
        return sum / rows.size();
    }

    private static Optional<Linear> lastLinear(Block block) {
        if (block instanceof Linear linear) {
            return Optional.of(linear);
        }
        if (block instanceof SequentialBlock sequential && !sequential.getChildren().isEmpty()) {
            var children = sequential.getChildren().values();
            return lastLinear(children.get(children.size() - 1));
        }
        return Optional.empty();
    }
}
