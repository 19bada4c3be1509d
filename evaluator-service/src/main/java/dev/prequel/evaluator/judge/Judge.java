package dev.prequel.evaluator.judge;

import dev.prequel.evaluator.line.LineConfig;
import dev.prequel.evaluator.line.LineLedger;
import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import dev.prequel.evaluator.line.LineLedger.JobDecision;
import dev.prequel.evaluator.line.LineLedger.VerdictDecision;
import dev.prequel.evaluator.report.JudgeFigures;
import dev.prequel.evaluator.verdict.BlessingPolicy;
import dev.prequel.evaluator.verdict.FiniteNumbers;
import dev.prequel.evaluator.verdict.PairedScores;
import dev.prequel.evaluator.verdict.Verdict;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.metrics.ExampleScores;
import dev.prequel.model.shard.SampledExamples;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores a candidate and the champion of the moment on the same examples, the line's judge set, and asks the
 * {@link BlessingPolicy} for the verdict; the candidate's own test split is scored beside it for the report. A
 * champion that cannot take the candidate's input is no comparison: the candidate is then judged as a first model.
 */
@ApplicationScoped
public class Judge {

    private final ObjectStore store;

    public Judge(ObjectStore store) {
        this.store = store;
    }

    /** The verdict, and what the report draws from the scores behind it (not recorded in the ledger). */
    public record Judgement(VerdictDecision decision, JudgeFigures figures) {
    }

    public Judgement judge(LineLedger ledger, JobDecision job, AcceptedDataset dataset, String version,
            LineConfig config) {
        String model = ledger.model();
        Optional<String> championVersion = ledger.championVersion().filter(c -> !c.equals(version));
        try (WorkDirectory work = WorkDirectory.create("prequel-judge-");
                LoadedModel candidate = ModelFetcher.fetch(store, model, version, work.resolve("candidate"))) {
            var shape = candidate.descriptor().shape();
            List<String> judged = CandidateJudging.judgeDatasets(ledger, dataset);
            JudgeSet judgeSet = JudgeSet.build(store, model, judged, shape, config.judgeMaxPerClass(model),
                    work.resolve("judge"));
            JudgeSet own = JudgeSet.build(store, model, List.of(dataset.datasetId()), shape, Integer.MAX_VALUE,
                    work.resolve("own"));
            ExampleScores candidateScores = score(candidate, judgeSet);
            ExampleScores candidateOwn = score(candidate, own);
            ExampleScores championScores = null;
            ExampleScores championOwn = null;
            List<String> championClasses = null;
            Map<String, Object> details = new LinkedHashMap<>();
            String compared = championVersion.orElse(null);
            if (championVersion.isPresent()) {
                try (LoadedModel champion = ModelFetcher.fetch(store, model, championVersion.get(),
                        work.resolve("champion"))) {
                    if (champion.descriptor().shape().equals(shape)) {
                        championScores = score(champion, judgeSet);
                        championOwn = score(champion, own);
                        championClasses = champion.descriptor().classes();
                    } else {
                        details.put("championIncomparable", "champion " + championVersion.get() + " takes "
                                + champion.descriptor().shape() + ", the candidate " + shape);
                        compared = null;
                    }
                }
            }
            BlessingPolicy policy = new BlessingPolicy(config.minAccuracy(model), config.confidence(model),
                    config.classRegressionMargin(model), config.minJudgeExamples(model),
                    config.bootstrapResamples(model), 42L);
            Verdict verdict = policy.judge(PairedScores.of(judgeSet.classes(), judgeSet.examples(), candidateScores,
                    championScores));
            details.putAll(verdict.numbers());
            details.put("judgeClasses", judgeSet.perClass());
            details.put("ownSplit", ownSplit(own, candidateOwn, championOwn));
            boolean promote = verdict.promote();
            String reason = verdict.reason();
            if (dataset.held()) {
                details.put("policyReason", reason);
                promote = false;
                reason = "drift-hold";
            }
            details.put("candidateBitsPerLabel", candidateScores.meanBits());
            if (championScores != null) {
                details.put("championBitsPerLabel", championScores.meanBits());
            }
            JudgeFigures figures = JudgeFigures.of(judgeSet.classes(), judgeSet.examples(), candidateScores,
                    candidate.descriptor().classes(), championScores, championClasses);
            return new Judgement(new VerdictDecision(job.jobId(), version, dataset.datasetId(), compared, promote,
                    reason, candidateScores.accuracy(), championScores == null ? null : championScores.accuracy(),
                    judgeSet.size(), judgeSet.datasets(), FiniteNumbers.of(details), Instant.now()), figures);
        }
    }

    private static ExampleScores score(LoadedModel model, JudgeSet set) {
        return ExampleScores.score(model, set.examples(),
                SampledExamples.labelMap(set.classes(), model.descriptor().classes()));
    }

    private static Map<String, Object> ownSplit(JudgeSet own, ExampleScores candidate, ExampleScores champion) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("examples", own.size());
        numbers.put("candidateAccuracy", candidate.accuracy());
        numbers.put("candidateBitsPerLabel", candidate.meanBits());
        if (champion != null) {
            numbers.put("championAccuracy", champion.accuracy());
            numbers.put("championBitsPerLabel", champion.meanBits());
        }
        return numbers;
    }
}
