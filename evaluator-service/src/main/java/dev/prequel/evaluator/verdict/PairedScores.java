package dev.prequel.evaluator.verdict;

import dev.prequel.model.metrics.ExampleScores;
import dev.prequel.model.shard.Example;
import java.util.List;

/**
 * Candidate and champion on the same judge examples: per example its class, whether each was right, and each one's
 * bits for the true class ({@code NaN} where the model does not know the class). {@code championRight} is null when
 * the line has no champion to compare with.
 */
public record PairedScores(List<String> classes, int[] labels, boolean[] candidateRight, double[] candidateBits,
        boolean[] championRight, double[] championBits) {

    public int size() {
        return labels.length;
    }

    public boolean hasChampion() {
        return championRight != null;
    }

    public static PairedScores of(List<String> classes, List<Example> examples, ExampleScores candidate,
            ExampleScores champion) {
        int n = examples.size();
        int[] labels = new int[n];
        boolean[] candidateRight = new boolean[n];
        double[] candidateBits = new double[n];
        boolean[] championRight = champion == null ? null : new boolean[n];
        double[] championBits = champion == null ? null : new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = examples.get(i).label();
            candidateRight[i] = candidate.correct(i);
            candidateBits[i] = candidate.bits(i);
            if (champion != null) {
                championRight[i] = champion.correct(i);
                championBits[i] = champion.bits(i);
            }
        }
        return new PairedScores(List.copyOf(classes), labels, candidateRight, candidateBits, championRight,
                championBits);
    }
}
