package dev.prequel.model.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train: the optimizer and loss of {@link TrainingOptions}, the learning rate set by a schedule (per epoch or
 * per update).
 *
 * @param epochs epochs to run
 * @param batchSize examples per update
 * @param learningRate the optimizer's (peak) step size
 * @param seed seeds the engine (initialisation, dropout) and the shuffling; the same seed gives the same order
 * @param shuffleBuffer examples held for shuffling; the data is never loaded whole, so the order is
 *     random within this window (and shards are already shuffled when prepared)
 * @param progressEveryBatches in-epoch progress is reported every this many batches (0: never)
 * @param augmentation random changes to training images
 * @param firstEpoch number of the first epoch run (1 unless resuming), it also picks the epoch's shuffle
 * @param schedule how the rate moves over the whole job ({@code firstEpoch + epochs - 1} epochs)
 * @param options optimizer, weight decay, label smoothing, warm-up, best-epoch and early-stop rules
 * @param examplesPerEpoch about how many training examples an epoch holds: the per-batch schedules count the job's
 *     updates from it (an estimate is fine, it only has to be the same on resume); 0 counts them with one pass
 *     over the data
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, long seed, int shuffleBuffer,
        int progressEveryBatches, Augmentation augmentation, int firstEpoch, LearningRateSchedule schedule,
        TrainingOptions options, long examplesPerEpoch) {

    public static final int DEFAULT_SHUFFLE_BUFFER = 8192;
    public static final int DEFAULT_PROGRESS_EVERY_BATCHES = 50;

    public TrainingSettings {
        if (epochs < 0 || batchSize < 2 || !(learningRate >= 0) || shuffleBuffer < 1 || progressEveryBatches < 0
                || firstEpoch < 1 || examplesPerEpoch < 0) {
            throw new IllegalArgumentException("invalid training settings: epochs " + epochs + ", batch size "
                    + batchSize + " (>= 2), learning rate " + learningRate + ", shuffle buffer " + shuffleBuffer
                    + ", progress every " + progressEveryBatches + ", first epoch " + firstEpoch
                    + ", examples per epoch " + examplesPerEpoch);
        }
        if (augmentation == null) {
            augmentation = Augmentation.NONE;
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.CONSTANT;
        }
        if (options == null) {
            options = TrainingOptions.DEFAULTS;
        }
    }

    /**
     * Settings with the default shuffle buffer, progress interval, no augmentation, a constant rate, the default
     * options, starting at epoch 1.
     */
    public static TrainingSettings of(int epochs, int batchSize, float learningRate, long seed) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, DEFAULT_SHUFFLE_BUFFER,
                DEFAULT_PROGRESS_EVERY_BATCHES, Augmentation.NONE, 1, LearningRateSchedule.CONSTANT,
                TrainingOptions.DEFAULTS, 0);
    }

    public TrainingSettings withAugmentation(Augmentation value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, progressEveryBatches, value,
                firstEpoch, schedule, options, examplesPerEpoch);
    }

    public TrainingSettings withProgressEveryBatches(int value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, value, augmentation,
                firstEpoch, schedule, options, examplesPerEpoch);
    }

    public TrainingSettings withShuffleBuffer(int value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, value, progressEveryBatches, augmentation,
                firstEpoch, schedule, options, examplesPerEpoch);
    }

    public TrainingSettings withSchedule(LearningRateSchedule value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, progressEveryBatches,
                augmentation, firstEpoch, value, options, examplesPerEpoch);
    }

    public TrainingSettings withOptions(TrainingOptions value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, progressEveryBatches,
                augmentation, firstEpoch, schedule, value, examplesPerEpoch);
    }

    public TrainingSettings withExamplesPerEpoch(long value) {
        return new TrainingSettings(epochs, batchSize, learningRate, seed, shuffleBuffer, progressEveryBatches,
                augmentation, firstEpoch, schedule, options, value);
    }

    /** The last epoch of the whole job, resumed or not. */
    public int lastEpoch() {
        return firstEpoch + epochs - 1;
    }

    /** The learning rate of {@code epoch} under a per-epoch schedule (the first update's under a per-batch one). */
    public float learningRate(int epoch) {
        return schedule.rate(learningRate, epoch, lastEpoch());
    }

    /** The learning rate of update {@code step} (0-based over the whole job) of {@code steps}, in {@code epoch}. */
    public float learningRate(int epoch, long step, long steps) {
        return schedule.rate(learningRate, epoch, lastEpoch(), step, steps, options.warmup());
    }

    /** Resume: run {@code remainingEpochs} more, numbered from {@code value}. */
    public TrainingSettings resumingAt(int value, int remainingEpochs) {
        return new TrainingSettings(remainingEpochs, batchSize, learningRate, seed, shuffleBuffer,
                progressEveryBatches, augmentation, value, schedule, options, examplesPerEpoch);
    }

    /** The settings as recorded in {@code model.json}'s hyper-parameters. */
    public Map<String, String> toHyperParameters() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("optimizer", options.optimizer());
        map.put("loss", options.labelSmoothing() == 0 ? "softmax-cross-entropy"
                : "softmax-cross-entropy-label-smoothing");
        map.put("epochs", Integer.toString(epochs));
        map.put("batchSize", Integer.toString(batchSize));
        map.put("learningRate", Float.toString(learningRate));
        map.put("learningRateSchedule", schedule.label());
        map.put("seed", Long.toString(seed));
        map.put("shuffleBuffer", Integer.toString(shuffleBuffer));
        map.put("augmentation", augmentation.label());
        options.record(map, schedule);
        return map;
    }
}
