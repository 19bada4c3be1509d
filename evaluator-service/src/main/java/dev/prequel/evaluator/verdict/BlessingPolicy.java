package dev.prequel.evaluator.verdict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a candidate may replace the champion, judged on the same examples (pure logic). In order: enough judge
 * examples; a first model must reach a minimum accuracy; no class may lose more than a margin where that loss is
 * beyond noise; then the candidate must be better beyond noise: McNemar's exact test on accuracy, or, with no fewer
 * right answers, a bootstrap lower bound of its log-loss gain above zero. A tie is never a promotion.
 *
 * <p>A class regression needs both the margin and significance because per-class counts are small: on 20 examples a
 * class moves by 5 points with one image, which is noise, not forgetting.
 */
public record BlessingPolicy(double minAccuracy, double confidence, double classRegressionMargin,
        int minJudgeExamples, int bootstrapResamples, long seed) {

    public BlessingPolicy {
        if (!(confidence > 0 && confidence < 1) || classRegressionMargin < 0 || minJudgeExamples < 1
                || bootstrapResamples < 1) {
            throw new IllegalArgumentException("invalid blessing policy: confidence " + confidence + " (0..1), margin "
                    + classRegressionMargin + ", min judge examples " + minJudgeExamples + ", resamples "
                    + bootstrapResamples);
        }
    }

    public Verdict judge(PairedScores s) {
        double alpha = 1 - confidence;
        int n = s.size();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("judgeExamples", n);
        numbers.put("confidence", confidence);
        int candidateRight = count(s.candidateRight());
        numbers.put("candidateAccuracy", n == 0 ? 0.0 : (double) candidateRight / n);
        if (n < minJudgeExamples) {
            numbers.put("minJudgeExamples", minJudgeExamples);
            return new Verdict(false, "too-few-judge-examples", numbers);
        }
        if (!s.hasChampion()) {
            numbers.put("minAccuracy", minAccuracy);
            return (double) candidateRight / n >= minAccuracy ? new Verdict(true, "first-model", numbers)
                    : new Verdict(false, "below-minimum-accuracy", numbers);
        }
        numbers.put("championAccuracy", (double) count(s.championRight()) / n);
        int b = 0; // only the candidate right
        int c = 0; // only the champion right
        int unknownToChampion = 0;
        for (int i = 0; i < n; i++) {
            b += s.candidateRight()[i] && !s.championRight()[i] ? 1 : 0;
            c += !s.candidateRight()[i] && s.championRight()[i] ? 1 : 0;
            unknownToChampion += Double.isNaN(s.championBits()[i]) ? 1 : 0;
        }
        double p = McNemar.oneSided(b, c);
        numbers.put("onlyCandidateRight", b);
        numbers.put("onlyChampionRight", c);
        numbers.put("pValue", p);
        numbers.put("examplesOfClassesNewToChampion", unknownToChampion);
        PairedBootstrap.Interval gain = PairedBootstrap.lowerBound(bitsGain(s), confidence, bootstrapResamples, seed);
        numbers.put("bitsGainMean", gain.mean());
        numbers.put("bitsGainLowerBound", gain.lowerBound());
        String regressed = ClassRegressions.worst(s, classRegressionMargin, alpha, numbers);
        if (regressed != null) {
            return new Verdict(false, "class-regression:" + regressed, numbers);
        }
        if (p <= alpha) {
            return new Verdict(true, "significantly-better", numbers);
        }
        if (b >= c && gain.pairs() > 0 && gain.lowerBound() > 0) {
            return new Verdict(true, "better-log-loss", numbers);
        }
        return new Verdict(false, "not-significantly-better", numbers);
    }

    /** Champion bits minus candidate bits where both can score the example: positive means the candidate is better. */
    private static double[] bitsGain(PairedScores s) {
        return java.util.stream.IntStream.range(0, s.size())
                .filter(i -> !Double.isNaN(s.championBits()[i]) && !Double.isNaN(s.candidateBits()[i]))
                .mapToDouble(i -> s.championBits()[i] - s.candidateBits()[i]).toArray();
    }

    private static int count(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
