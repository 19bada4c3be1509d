package dev.prequel.events;

import java.util.Arrays;
import java.util.Optional;

/** Each event record, its CloudEvents type ({@code prequel.<noun>.<verb>.v1}) and the topic it travels on. */
public enum EventType {
    DATASET_LANDED(DatasetLanded.class, "prequel.dataset.landed.v1", Topics.DATASETS_LANDED),
    SCORING_LANDED(ScoringLanded.class, "prequel.scoring.landed.v1", Topics.SCORING_LANDED),
    DATASET_PREPARED(DatasetPrepared.class, "prequel.dataset.prepared.v1", Topics.DATASETS_PREPARED),
    TRAINING_REQUESTED(TrainingRequested.class, "prequel.training.requested.v1", Topics.TRAINING_JOBS),
    LINE_COMMANDED(LineCommand.class, "prequel.line.commanded.v1", Topics.LINE_COMMANDS),
    TRAINING_PROGRESS(TrainingProgress.class, "prequel.training.progressed.v1", Topics.TRAINING_PROGRESS),
    TRAINING_BATCH_PROGRESS(TrainingBatchProgress.class, "prequel.epoch.advanced.v1",
            Topics.TRAINING_PROGRESS),
    MODEL_TRAINED(ModelTrained.class, "prequel.model.trained.v1", Topics.MODELS_TRAINED),
    MODEL_EVALUATED(ModelEvaluated.class, "prequel.model.evaluated.v1", Topics.MODELS_EVALUATED),
    MODEL_PROMOTED(ModelPromoted.class, "prequel.model.promoted.v1", Topics.MODELS_PROMOTED),
    PREDICT_REQUESTED(PredictRequest.class, "prequel.predict.requested.v1", Topics.PREDICT_REQUESTS),
    PREDICTION_MADE(Prediction.class, "prequel.prediction.made.v1", Topics.PREDICTIONS),
    ERROR_RAISED(PipelineError.class, "prequel.error.raised.v1", Topics.ERRORS);

    private final Class<? extends PipelineEvent> recordType;
    private final String ceType;
    private final String topic;

    EventType(Class<? extends PipelineEvent> recordType, String ceType, String topic) {
        this.recordType = recordType;
        this.ceType = ceType;
        this.topic = topic;
    }

    public Class<? extends PipelineEvent> recordType() {
        return recordType;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public static EventType of(PipelineEvent event) {
        return of(event.getClass());
    }

    public static EventType of(Class<?> recordType) {
        return Arrays.stream(values()).filter(t -> t.recordType == recordType).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a pipeline event: " + recordType.getName()));
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
