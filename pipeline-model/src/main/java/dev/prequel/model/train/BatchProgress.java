package dev.prequel.model.train;

/**
 * Progress inside an epoch, reported every {@link TrainingSettings#progressEveryBatches()} batches.
 *
 * @param batch batches done so far in this epoch
 * @param examples examples trained on so far in this epoch
 * @param trainLoss mean loss so far in this epoch
 * @param trainAccuracy accuracy so far in this epoch
 * @param imagesPerSecond throughput so far in this epoch
 */
public record BatchProgress(int epoch, int epochs, int batch, long examples, double trainLoss, double trainAccuracy,
        double imagesPerSecond, String device) {
}
