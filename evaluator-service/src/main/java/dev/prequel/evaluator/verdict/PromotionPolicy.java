package dev.prequel.evaluator.verdict;

/**
 * When a candidate may replace the champion. Pure logic: a first model must reach a minimum accuracy; a
 * later one must beat the champion, measured on the same test split, by more than the minimum improvement.
 */
public record PromotionPolicy(double minAccuracy, double minImprovement) {

    public record Verdict(boolean promote, String reason) {
    }

    public Verdict judge(double candidateAccuracy, Double championAccuracy) {
        if (championAccuracy == null) {
            return candidateAccuracy >= minAccuracy ? new Verdict(true, "first-model")
                    : new Verdict(false, "below-minimum-accuracy");
        }
        return candidateAccuracy > championAccuracy + minImprovement ? new Verdict(true, "better-than-champion")
                : new Verdict(false, "not-better-than-champion");
    }
}
