package dev.prequel.evaluator.verdict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-class accuracy of candidate and champion, and the class that lost most beyond the margin and beyond noise
 * (McNemar's test within the class, in the champion's favour). Classes new to the champion cannot regress.
 * One test per class: with ten classes at 5 % each, equal models would show a "regression" about a third of the
 * time, so each class is tested at {@code alpha / classes compared} (Bonferroni), which keeps the chance of any false
 * alarm at {@code alpha}.
 */
final class ClassRegressions {
    private ClassRegressions() {
    }

    /** Adds per-class numbers to {@code numbers}; returns the worst regressed class, or null. */
    static String worst(PairedScores s, double margin, double alpha, Map<String, Object> numbers) {
        int k = s.classes().size();
        int[] total = new int[k];
        int[] candidate = new int[k];
        int[] champion = new int[k];
        int[] onlyCandidate = new int[k];
        int[] onlyChampion = new int[k];
        boolean[] newToChampion = new boolean[k];
        for (int i = 0; i < s.size(); i++) {
            int label = s.labels()[i];
            total[label]++;
            boolean a = s.candidateRight()[i];
            boolean b = s.championRight()[i];
            candidate[label] += a ? 1 : 0;
            champion[label] += b ? 1 : 0;
            onlyCandidate[label] += a && !b ? 1 : 0;
            onlyChampion[label] += b && !a ? 1 : 0;
            newToChampion[label] |= Double.isNaN(s.championBits()[i]);
        }
        int compared = 0;
        for (int label = 0; label < k; label++) {
            compared += total[label] > 0 && !newToChampion[label] ? 1 : 0;
        }
        double classAlpha = alpha / Math.max(1, compared);
        Map<String, Object> perClass = new LinkedHashMap<>();
        String worst = null;
        double worstDrop = 0;
        double largestDrop = 0;
        for (int label = 0; label < k; label++) {
            if (total[label] == 0) {
                continue;
            }
            double drop = (double) (champion[label] - candidate[label]) / total[label];
            perClass.put(s.classes().get(label), Map.of("examples", total[label],
                    "candidateAccuracy", (double) candidate[label] / total[label],
                    "championAccuracy", (double) champion[label] / total[label]));
            largestDrop = Math.max(largestDrop, drop);
            if (!newToChampion[label] && drop > margin && drop > worstDrop
                    && McNemar.oneSided(onlyChampion[label], onlyCandidate[label]) <= classAlpha) {
                worst = s.classes().get(label);
                worstDrop = drop;
            }
        }
        numbers.put("perClass", perClass);
        numbers.put("largestClassDrop", largestDrop);
        numbers.put("classRegressionMargin", margin);
        numbers.put("classRegressionAlpha", classAlpha);
        return worst;
    }
}
