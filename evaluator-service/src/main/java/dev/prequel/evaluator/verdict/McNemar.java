package dev.prequel.evaluator.verdict;

/**
 * McNemar's exact test on paired right/wrong outcomes: of the examples where exactly one model is right, how
 * unlikely are at least {@code b} of them going to the first model if both were equally good. Computed in log space,
 * so it stays exact enough for hundreds of thousands of discordant pairs.
 */
public final class McNemar {
    private McNemar() {
    }

    /** P(X >= b) for X ~ Binomial(b + c, 1/2); 1 when there are no discordant pairs. */
    public static double oneSided(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were " + b + ", " + c);
        }
        int n = b + c;
        if (n == 0 || b == 0) {
            return 1.0;
        }
        // log C(n, k) walked up from k = 0; terms k >= b summed with log-sum-exp.
        double logChoose = 0;
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[n - b + 1];
        for (int k = 1; k <= n; k++) {
            logChoose += Math.log(n - k + 1) - Math.log(k);
            if (k >= b) {
                terms[k - b] = logChoose;
                max = Math.max(max, logChoose);
            }
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return Math.min(1.0, Math.exp(max + Math.log(sum) - n * Math.log(2)));
    }
}
