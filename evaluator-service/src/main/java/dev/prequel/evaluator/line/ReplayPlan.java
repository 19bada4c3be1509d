package dev.prequel.evaluator.line;

import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import dev.prequel.events.TrainingRequested.ReplayShare;
import dev.prequel.model.shard.DatasetManifest;
import java.util.List;

/**
 * How much of the line's earlier data a new job learns again: about {@code share} times as many old train examples
 * as new ones, at most {@code maxExamples}, sampled evenly from every earlier dataset (the same fraction of each),
 * so the data of refused drops still reaches later models and fine-tuning does not forget. Pure logic.
 */
public record ReplayPlan(double share, long maxExamples) {

    public ReplayPlan {
        if (!(share >= 0) || maxExamples < 0) {
            throw new IllegalArgumentException("replay share must be >= 0 and the cap >= 0, were " + share + ", "
                    + maxExamples);
        }
    }

    public List<ReplayShare> plan(List<AcceptedDataset> earlier, int newTrainExamples) {
        long old = earlier.stream().mapToLong(d -> d.examples(DatasetManifest.TRAIN)).sum();
        if (old == 0 || share == 0 || maxExamples == 0) {
            return List.of();
        }
        double wanted = Math.min(share * newTrainExamples, maxExamples);
        // Rounded, so the fraction (part of the version hash) does not depend on floating-point noise.
        double fraction = Math.min(1.0, Math.round(wanted / old * 10_000) / 10_000.0);
        if (fraction == 0) {
            return List.of();
        }
        return earlier.stream().filter(d -> d.examples(DatasetManifest.TRAIN) > 0)
                .map(d -> new ReplayShare(d.datasetId(), fraction)).toList();
    }
}
