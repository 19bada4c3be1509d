package dev.prequel.events;

import java.util.List;

/**
 * The line owner fixed a dataset's training job when it accepted the dataset: what to fine-tune and what to learn
 * from. The trainer runs exactly this; a redelivery names the same job.
 *
 * @param jobId one job per accepted dataset of a line
 * @param datasetId the new drop, whose train split is learnt and whose validation split is watched
 * @param parentVersion the champion when the dataset was accepted, {@code base}, or null for a fresh start
 * @param replay earlier accepted datasets of the line and the share of their train splits to learn again
 * @param classes the class names of the candidate, in label order
 */
public record TrainingRequested(String model, String jobId, String datasetId, String parentVersion,
        List<ReplayShare> replay, List<String> classes, String correlationId) implements PipelineEvent {

    public TrainingRequested {
        replay = replay == null ? List.of() : List.copyOf(replay);
        classes = classes == null ? List.of() : List.copyOf(classes);
    }

    /** A sample of one earlier dataset's train split: each example is kept with probability {@code fraction}. */
    public record ReplayShare(String datasetId, double fraction) {
    }

    /** What the job learns from, for the version hash: the new dataset, then each replay share. */
    public List<String> dataSignature() {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(datasetId);
        replay.forEach(r -> parts.add(r.datasetId() + "@" + r.fraction()));
        return parts;
    }

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "jobId", jobId, "datasetId", datasetId);
    }

    @Override
    public String eventId() {
        return "job/" + model + "/" + jobId;
    }
}
