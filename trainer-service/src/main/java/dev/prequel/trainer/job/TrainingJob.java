package dev.prequel.trainer.job;

import dev.prequel.events.TrainingRequested.ReplayShare;
import dev.prequel.model.train.Augmentation;
import dev.prequel.model.train.LearningRateSchedule;
import dev.prequel.model.train.TrainingOptions;
import dev.prequel.model.train.TrainingSettings;
import java.util.List;

/**
 * One training job, persisted in the models bucket before the triggering record is acknowledged, so a
 * trainer that dies mid-job redoes it on restart.
 *
 * @param version deterministic for (parent, data, settings): redoing a job writes the same version
 * @param parentVersion the champion (or {@code base}) it fine-tunes, or null for a fresh start
 * @param state {@code pending}, {@code done} or {@code failed}
 * @param jobId the line owner's job id (one per accepted dataset)
 * @param replay the shares of earlier datasets' train splits learnt again beside the new drop
 * @param classes the candidate's class names in label order (the new dataset's)
 * @param augmentation random changes to training images ({@link Augmentation#label()}); null in jobs saved before
 *     it was a setting, which ran without
 * @param schedule the learning-rate schedule ({@link LearningRateSchedule#label()}); null in jobs saved before it was
 *     a setting, which ran at a constant rate
 * @param options optimizer, weight decay, label smoothing, warm-up, best epoch and early stop; null in jobs saved
 *     before they were settings, which ran with {@link TrainingOptions#DEFAULTS}
 */
public record TrainingJob(String model, String version, String parentVersion, String datasetId, String architecture,
        int epochs, int batchSize, float learningRate, long seed, String correlationId, String state, String error,
        String jobId, List<ReplayShare> replay, List<String> classes, String augmentation,
        String schedule, TrainingOptions options) {

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public TrainingJob {
        replay = replay == null ? List.of() : List.copyOf(replay);
        classes = classes == null ? List.of() : List.copyOf(classes);
        augmentation = augmentation == null ? Augmentation.NONE.label() : Augmentation.parse(augmentation).label();
        schedule = schedule == null ? LearningRateSchedule.CONSTANT.label() : LearningRateSchedule.parse(schedule).label();
        options = options == null ? TrainingOptions.DEFAULTS : options;
    }

    /** A job on its dataset alone, with no replay (as recorded before jobs came from the line's owner). */
    public TrainingJob(String model, String version, String parentVersion, String datasetId, String architecture,
            int epochs, int batchSize, float learningRate, long seed, String correlationId, String state, String error) {
        this(model, version, parentVersion, datasetId, architecture, epochs, batchSize, learningRate, seed,
                correlationId, state, error, null, List.of(), List.of(), null, null, null);
    }

    public TrainingSettings settings() {
        return TrainingSettings.of(epochs, batchSize, learningRate, seed).withAugmentation(Augmentation.parse(augmentation))
                .withSchedule(LearningRateSchedule.parse(schedule)).withOptions(options);
    }

    /**
     * The part of the job that determines the trained weights, hashed into the version. {@code loop} names the
     * training loop's own version: a loop that computes other weights from the same inputs (here: the resumable
     * optimizer and per-epoch seeds) must not reuse the old version ids. Options at their defaults add nothing,
     * so jobs configured as before keep their versions.
     */
    public String configSignature() {
        return "loop=2;arch=" + architecture + ";epochs=" + epochs + ";batch=" + batchSize + ";lr=" + learningRate + ";seed=" + seed
                + ";aug=" + augmentation + ";lrs=" + schedule + options.signature(LearningRateSchedule.parse(schedule));
    }

    public TrainingJob withState(String newState, String newError) {
        return new TrainingJob(model, version, parentVersion, datasetId, architecture, epochs, batchSize, learningRate,
                seed, correlationId, newState, newError, jobId, replay, classes, augmentation, schedule, options);
    }

    public TrainingJob withVersion(String newVersion, String newParent) {
        return new TrainingJob(model, newVersion, newParent, datasetId, architecture, epochs, batchSize, learningRate,
                seed, correlationId, state, error, jobId, replay, classes, augmentation, schedule, options);
    }
}
