package dev.prequel.trainer.job;

import dev.prequel.model.train.Augmentation;
import dev.prequel.model.train.TrainingSettings;

/**
 * One training job, persisted in the models bucket before the triggering record is acknowledged, so a
 * trainer that dies mid-job redoes it on restart.
 *
 * @param version deterministic for (parent, dataset, settings): redoing a job writes the same version
 * @param parentVersion the champion (or {@code base}) it fine-tunes, or null for a fresh start
 * @param state {@code pending}, {@code done} or {@code failed}
 */
public record TrainingJob(String model, String version, String parentVersion, String datasetId, String architecture,
        int epochs, int batchSize, float learningRate, long seed, String correlationId, String state, String error) {

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public TrainingSettings settings() {
        return TrainingSettings.of(epochs, batchSize, learningRate, seed).withAugmentation(Augmentation.NONE);
    }

    /** The part of the job that determines the trained weights, hashed into the version. */
    public String configSignature() {
        return "arch=" + architecture + ";epochs=" + epochs + ";batch=" + batchSize + ";lr=" + learningRate + ";seed=" + seed;
    }

    public TrainingJob withState(String newState, String newError) {
        return new TrainingJob(model, version, parentVersion, datasetId, architecture, epochs, batchSize, learningRate,
                seed, correlationId, newState, newError);
    }
}
