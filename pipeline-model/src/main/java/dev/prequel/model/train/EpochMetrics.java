package dev.prequel.model.train;

/**
 * The outcome of one training epoch.
 *
 * @param epoch 1-based
 * @param trainLoss mean softmax cross-entropy (natural log) over the epoch's training batches
 * @param trainAccuracy share of training examples classified right while training
 * @param validationAccuracy accuracy on the validation examples after the epoch; 0 when there were none
 * @param imagesPerSecond training throughput (forward, backward and update; validation excluded)
 * @param seconds wall time of the whole epoch, validation included
 * @param device where it ran: {@code cpu}, {@code gpu} or {@code gpu x<n>}
 * @param trainExamples examples trained on in this epoch
 * @param validationExamples examples validated on
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationAccuracy,
        double imagesPerSecond, double seconds, String device, long trainExamples, long validationExamples) {
}
