package dev.prequel.events;

import java.util.List;

/** Kafka topic names. Every topic is keyed by model name so one model line stays ordered on one partition. */
public final class Topics {
    public static final String STORAGE_EVENTS = "storage.events";
    public static final String DATASETS_LANDED = "datasets.landed";
    public static final String SCORING_LANDED = "scoring.landed";
    public static final String DATASETS_PREPARED = "datasets.prepared";
    /** The line owner's training jobs: parent and data fixed when the dataset was accepted. */
    public static final String TRAINING_JOBS = "training.jobs";
    /** Operators' commands to a line (pin, rollback), applied by the line's owner in order with its verdicts. */
    public static final String LINE_COMMANDS = "line.commands";
    public static final String TRAINING_PROGRESS = "training.progress";
    public static final String MODELS_TRAINED = "models.trained";
    public static final String MODELS_EVALUATED = "models.evaluated";
    /** Compacted: the latest record per model is the champion. */
    public static final String MODELS_PROMOTED = "models.promoted";
    public static final String PREDICT_REQUESTS = "predict.requests";
    public static final String PREDICTIONS = "predictions";
    /** Every rejected input or failed job, with a machine-readable reason. */
    public static final String ERRORS = "errors";
    /**
     * Records whose step still failed transiently (S3 or Kafka unreachable) at the retry deadline, written by
     * SmallRye's dead-letter-queue failure strategy with {@code dead-letter-reason} and the original position in
     * headers; replay one by producing its value to {@code dead-letter-topic} again.
     */
    public static final String DEAD_LETTERS = "dead.letters";

    public static final List<String> ALL = List.of(STORAGE_EVENTS, DATASETS_LANDED, SCORING_LANDED,
            DATASETS_PREPARED, TRAINING_JOBS, LINE_COMMANDS, TRAINING_PROGRESS, MODELS_TRAINED, MODELS_EVALUATED, MODELS_PROMOTED,
            PREDICT_REQUESTS, PREDICTIONS, ERRORS, DEAD_LETTERS);

    /**
     * What a line's owner consumes on one subscription. With equal partition counts and the range assignor, one
     * consumer owns a model's partition on all of them: one writer per line.
     */
    public static final List<String> LINE_INPUTS = List.of(DATASETS_PREPARED, MODELS_TRAINED, LINE_COMMANDS);

    /** Topics whose retention is by key rather than by time. */
    public static final List<String> COMPACTED = List.of(MODELS_PROMOTED);

    private Topics() {
    }
}
