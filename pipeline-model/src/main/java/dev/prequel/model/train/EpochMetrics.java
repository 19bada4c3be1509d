package dev.prequel.model.train;

/**
 * The outcome of one training epoch.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss (natural log; smoothed when label smoothing is on) over the epoch's batches
 * @param trainAccuracy share of training examples classified right while training
 * @param validationAccuracy accuracy on the validation examples after the epoch; 0 when there were none
 * @param imagesPerSecond training throughput (forward, backward and update; validation excluded)
 * @param seconds wall time of the whole epoch, validation and test included
 * @param device where it ran: {@code cpu}, {@code gpu} or {@code gpu x<n>}
 * @param trainExamples examples trained on in this epoch
 * @param validationExamples examples validated on
 * @param testAccuracy accuracy on the dataset's test split after the epoch (as the reference job reports it; never
 *     used to choose anything); null when the job had no test examples, or in epochs recorded before it existed
 * @param testExamples examples tested on; null as {@code testAccuracy}
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy,
        double imagesPerSecond, double seconds, String device, long trainExamples, long validationExamples,
        Double testAccuracy, Long testExamples) {

    /** An epoch without a test split. */
    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy,
            double imagesPerSecond, double seconds, String device, long trainExamples, long validationExamples) {
        this(epoch, trainLoss, trainAccuracy, validationAccuracy, imagesPerSecond, seconds, device, trainExamples,
                validationExamples, null, null);
    }
}
