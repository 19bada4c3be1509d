package dev.prequel.evaluator.admin;

import dev.prequel.evaluator.line.CodeLength;
import dev.prequel.evaluator.line.LineLedger;
import dev.prequel.evaluator.line.LineLedger.ChampionChange;
import dev.prequel.evaluator.line.LineLedger.JobDecision;
import dev.prequel.evaluator.line.LineLedger.VerdictDecision;
import dev.prequel.events.TrainingRequested.ReplayShare;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.train.EpochMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A model line's history as a person reads it: every version with what it learnt from and how (parent, datasets,
 * settings, epochs) and what was decided about it, the jobs still waiting for a verdict, and every change of champion.
 * Built from the ledger (the decisions) and each version's {@code model.json} (how it was trained).
 */
public record LineHistory(String model, String champion, List<Version> versions, List<PendingJob> pending,
        List<ChampionChange> champions, List<CodeLength.Row> codeLength) {

    /** One trained version and its verdict. */
    public record Version(String version, String jobId, String datasetId, String parentVersion,
            List<ReplayShare> replay, List<String> datasets, String architecture, Map<String, String> hyperParameters,
            List<EpochMetrics> epochs, String device, Instant trainedAt, Verdict verdict) {
    }

    /** What the line's owner decided about a version, on which examples. */
    public record Verdict(boolean promoted, String reason, double candidateAccuracy, Double championAccuracy,
            String comparedWith, int judgeExamples, List<String> judgeDatasets, Instant decidedAt) {
    }

    /** A job fixed when its dataset was accepted, whose candidate has no verdict yet. */
    public record PendingJob(String jobId, String datasetId, String parentVersion, List<ReplayShare> replay,
            Instant acceptedAt) {
    }

    /**
     * @param descriptors a version's {@code model.json}, when it is still stored
     */
    public static LineHistory of(LineLedger ledger, Function<String, Optional<ModelDescriptor>> descriptors) {
        List<Version> versions = new ArrayList<>();
        List<PendingJob> pending = new ArrayList<>();
        for (JobDecision job : ledger.jobs()) {
            Optional<VerdictDecision> verdict = ledger.verdict(job.jobId());
            if (verdict.isEmpty()) {
                pending.add(new PendingJob(job.jobId(), job.datasetId(), job.parentVersion(), job.replay(),
                        job.decidedAt()));
                continue;
            }
            VerdictDecision v = verdict.get();
            Optional<ModelDescriptor> d = descriptors.apply(v.version());
            versions.add(new Version(v.version(), job.jobId(), job.datasetId(), job.parentVersion(), job.replay(),
                    d.map(ModelDescriptor::datasetIds).orElse(null), d.map(ModelDescriptor::architecture).orElse(null),
                    d.map(ModelDescriptor::hyperParameters).orElse(null), d.map(ModelDescriptor::history).orElse(null),
                    d.map(ModelDescriptor::device).orElse(null), d.map(ModelDescriptor::createdAt).orElse(null),
                    new Verdict(v.promote(), v.reason(), v.candidateAccuracy(), v.championAccuracy(),
                            v.championVersion(), v.judgeExamples(), v.judgeDatasets(), v.decidedAt())));
        }
        return new LineHistory(ledger.model(), ledger.championVersion().orElse(null), versions, pending,
                ledger.champions(), CodeLength.of(ledger.datasets()));
    }
}
