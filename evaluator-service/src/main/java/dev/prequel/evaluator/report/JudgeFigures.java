package dev.prequel.evaluator.report;

import dev.prequel.model.metrics.ExampleScores;
import dev.prequel.model.shard.Example;
import java.util.List;

/**
 * What the report draws from the judge-set evaluation, kept when the candidate is judged (the scores themselves are
 * not stored): both models' confusion matrices over the judge set's classes, and their calibration.
 *
 * @param candidateConfusion counts, [true class][guessed class], in {@code classes}' order
 * @param championConfusion the same for the champion of the moment; null without one to compare with
 * @param championCalibration null without a champion
 */
public record JudgeFigures(List<String> classes, int examples, int[][] candidateConfusion, int[][] championConfusion,
        ReliabilityBins candidateCalibration, ReliabilityBins championCalibration) {

    /** Ten equal-width confidence bins, the usual choice for a reliability diagram. */
    public static final int BINS = 10;

    /**
     * @param candidateClasses the candidate's own classes (what its guesses index)
     * @param champion null without a champion to compare with
     */
    public static JudgeFigures of(List<String> classes, List<Example> examples, ExampleScores candidate,
            List<String> candidateClasses, ExampleScores champion, List<String> championClasses) {
        return new JudgeFigures(List.copyOf(classes), examples.size(),
                confusion(classes, examples, candidate, candidateClasses),
                champion == null ? null : confusion(classes, examples, champion, championClasses),
                calibration(candidate), champion == null ? null : calibration(champion));
    }

    /** Accuracy per true class (recall); null for a class without judge examples. */
    public static Double[] classAccuracy(int[][] confusion) {
        Double[] out = new Double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (int n : confusion[c]) {
                total += n;
            }
            out[c] = total == 0 ? null : (double) confusion[c][c] / total;
        }
        return out;
    }

    private static int[][] confusion(List<String> classes, List<Example> examples, ExampleScores scores,
            List<String> modelClasses) {
        int[][] counts = new int[classes.size()][classes.size()];
        for (int i = 0; i < examples.size(); i++) {
            int guess = classes.indexOf(modelClasses.get(scores.predicted(i)));
            if (guess >= 0) {
                counts[examples.get(i).label()][guess]++;
            }
        }
        return counts;
    }

    private static ReliabilityBins calibration(ExampleScores scores) {
        double[] confidence = new double[scores.size()];
        boolean[] correct = new boolean[scores.size()];
        for (int i = 0; i < scores.size(); i++) {
            confidence[i] = scores.confidence(i);
            correct[i] = scores.correct(i);
        }
        return ReliabilityBins.of(confidence, correct, BINS);
    }
}
