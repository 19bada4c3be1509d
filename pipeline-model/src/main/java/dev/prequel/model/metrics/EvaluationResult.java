package dev.prequel.model.metrics;

/**
 * How a model did on a set of labelled examples.
 *
 * @param examples how many were scored (0: nothing to judge, all other figures 0)
 * @param accuracy share classified right
 * @param bitsPerLabel mean of -log2 p(true label): the code length of the labels under the model,
 *     the prequential "how well it compresses what it has not seen"; log2(classes) is a uniform guess
 * @param confusion counts, confusion[true label][predicted label]
 */
public record EvaluationResult(int examples, double accuracy, double bitsPerLabel, int[][] confusion) {

    /** Accuracy per true class (recall); 0 for a class with no examples. */
    public double[] classAccuracy() {
        double[] result = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (int count : confusion[c]) {
                total += count;
            }
            result[c] = total == 0 ? 0 : (double) confusion[c][c] / total;
        }
        return result;
    }
}
