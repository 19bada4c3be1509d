package dev.prequel.model.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train: Adam, softmax cross-entropy, the learning rate set per epoch by a schedule.
 *
 * @param epochs epochs to run
 * @param batchSize examples per update
 * @param learningRate Adam's step size
 * @param seed seeds the engine (initialisation, dropout) and the shuffling; the same seed gives the same order
 * @param shuffleBuffer examples held for shuffling; the data is never loaded whole, so the order is
 *     random within this window (and shards are already shuffled when prepared)
 * @param progressEveryBatches in-epoch progress is reported every this many batches (0: never)
 * @param augmentation random changes to training images
 * @param firstEpoch number of the first epoch run (1 unless resuming), it also picks the epoch's shuffle
 * @param schedule how the rate moves over the epochs of the whole job ({@code firstEpoch + epochs - 1} of them)
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, long seed, int shuffleBuffer,
        int progressEveryBatches, Augmentation augmentation, int firstEpoch, LearningRateSchedule schedule) {

    public static final int DEFAULT_SHUFFLE_BUFFER = 8192;
    public static final int DEFAULT_PROGRESS_EVERY_BATCHES = 50;

    public TrainingSettings {
        if (epochs < 0 || batchSize < 2 || !(learningRate >= 0) || shuffleBuffer < 1 || progressEveryBatches < 0
                || firstEpoch < 1) {
            throw new IllegalArgumentException("invalid training settings: epochs " + epochs + ", batch size "
                    + batchSize + " (>= 2), learning rate " + learningRate + ", shuffle buffer " + shuffleBuffer
                    + ", progress every " + progressEveryBatches + ", first epoch " + firstEpoch);
        }
        if (augmentation == null) {
            augmentation = Augmentation.NONE;
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.CONSTANT;
        }
    }

    /**
     * Settings with the default shuffle buffer, progress interval, no augmentation, a constant rate, starting at
     * epoch 1.
     */
    public static TrainingSettings of(int epochs, int batchSize, float learningRate, long seed) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, DEFAULT_SHUFFLE_BUFFER,
                DEFAULT_PROGRESS_EVERY_BATCHES, Augmentation.NONE, 1, LearningRateSchedule.CONSTANT);
    }

    public TrainingSettings withAugmentation(Augmentation value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, progressEveryBatches, value,
                firstEpoch, schedule);
    }

    public TrainingSettings withProgressEveryBatches(int value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, value, augmentation,
                firstEpoch, schedule);
    }

    public TrainingSettings withShuffleBuffer(int value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, value, progressEveryBatches, augmentation,
                firstEpoch, schedule);
    }

    public TrainingSettings withSchedule(LearningRateSchedule value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, progressEveryBatches,
                augmentation, firstEpoch, value);
    }

    /** The last epoch of the whole job, resumed or not. */
    public int lastEpoch() {
        return firstEpoch + epochs - 1;
    }

    /** The learning rate of {@code epoch}. */
    public float learningRate(int epoch) {
        return schedule.rate(learningRate, epoch, lastEpoch());
    }

    /** Resume: run {@code remainingEpochs} more, numbered from {@code value}. */
    public TrainingSettings resumingAt(int value, int remainingEpochs) {
        return new TrainingSettings(remainingEpochs, batchSize, learningRate, seed, shuffleBuffer,
                progressEveryBatches, augmentation, value, schedule);
    }

    /** The settings as recorded in {@code model.json}'s hyper-parameters. */
    public Map<String, String> toHyperParameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("optimizer", "adam");
        map.put("loss", "softmax-cross-entropy");
        map.put("epochs", Integer.toString(epochs));
        map.put("batchSize", Integer.toString(batchSize));
        map.put("learningRate", Float.toString(learningRate));
        map.put("learningRateSchedule", schedule.label());
        map.put("seed", Long.toString(seed));
        map.put("shuffleBuffer", Integer.toString(shuffleBuffer));
        map.put("augmentation", augmentation.label());
        return map;
    }
}
