package dev.prequel.evaluator.judge;

import dev.prequel.evaluator.line.Champions;
import dev.prequel.evaluator.line.LedgerStore;
import dev.prequel.evaluator.line.LineConfig;
import dev.prequel.evaluator.line.LineLedger;
import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import dev.prequel.evaluator.line.LineLedger.ChampionChange;
import dev.prequel.evaluator.line.LineLedger.JobDecision;
import dev.prequel.evaluator.line.LineLedger.VerdictDecision;
import dev.prequel.evaluator.report.JudgeFigures;
import dev.prequel.evaluator.report.ReportWriter;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelTrained;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one verdict on a job's candidate: scored with the champion of the moment on the line's judge set, decided by
 * the {@link Judge}, recorded in the ledger together with the promotion it implies, then announced
 * ({@code models.evaluated}, {@code models.promoted}) and reported. A redelivered {@code models.trained} finds the
 * verdict recorded: it only finishes what a crash may have cut short (the report, and the announcements while they
 * still describe the line), so nothing is decided twice.
 */
@ApplicationScoped
public class CandidateJudging {

    private static final Logger LOG = Logger.getLogger(CandidateJudging.class);

    private final LedgerStore ledgers;
    private final ObjectStore store;
    private final Judge judge;
    private final Champions champions;
    private final EventPublisher publisher;
    private final ErrorReporter errors;
    private final LineConfig config = new LineConfig();
    private final MeterRegistry meters;
    private final ReportWriter pages;

    public CandidateJudging(LedgerStore ledgers, ObjectStore store, Judge judge, Champions champions,
            EventPublisher publisher, ErrorReporter errors, MeterRegistry meters, ReportWriter pages) {
        this.meters = meters;
        this.pages = pages;
        this.ledgers = ledgers;
        this.store = store;
        this.judge = judge;
        this.champions = champions;
        this.publisher = publisher;
        this.errors = errors;
    }

    public void onTrained(ModelTrained trained) {
        String model = trained.model();
        LineLedger ledger = ledgers.read(model);
        Optional<JobDecision> job = jobOf(ledger, trained);
        if (job.isEmpty()) {
            errors.report("unknown-training-job", "models.trained names no job of this line's ledger (job "
                    + trained.jobId() + ", dataset " + trained.testDatasetId() + ")", model, trained.version(),
                    trained.correlationId());
            return;
        }
        Optional<VerdictDecision> decided = ledger.verdict(job.get().jobId());
        if (decided.isPresent()) {
            LOG.infof("%s/%s: job %s was judged already (%s, %s)", model, trained.version(), job.get().jobId(),
                    decided.get().version(), decided.get().reason());
            finish(ledger, decided.get(), trained, true, null);
            return;
        }
        if (!store.exists(Buckets.MODELS, Buckets.modelJsonKey(model, trained.version()))) {
            errors.report("candidate-not-found", "models.trained names a version that is not stored", model,
                    trained.version(), trained.correlationId());
            return;
        }
        AcceptedDataset dataset = ledger.dataset(job.get().datasetId()).orElseThrow();
        Timer.Sample judging = Timer.start(meters);
        Judge.Judgement judgement = judge.judge(ledger, job.get(), dataset, trained.version(), config);
        VerdictDecision verdict = judgement.decision();
        judging.stop(meters.timer("prequel.evaluator.evaluation.time", "model", model));
        meters.counter("prequel.evaluator.evaluations", "model", model, "reason", reasonTag(verdict.reason()))
                .increment();
        ChampionChange change = verdict.promote() ? new ChampionChange(ledger.champions().size() + 1,
                trained.version(), ledger.championVersion().orElse(null), "evaluation", job.get().jobId(),
                verdict.candidateAccuracy(), verdict.decidedAt()) : null;
        LineLedger next = ledger.decide(verdict, change);
        ledgers.write(next);
        LOG.infof("%s/%s judged on %d examples of %d datasets: accuracy %.4f vs champion %s -> %s", model,
                trained.version(), verdict.judgeExamples(), verdict.judgeDatasets().size(),
                verdict.candidateAccuracy(), verdict.championAccuracy() == null ? "none"
                        : String.format("%.4f", verdict.championAccuracy()), verdict.reason());
        finish(next, verdict, trained, false, judgement.figures());
    }

    /** A verdict's reason without its detail ({@code class-regression:7} counts as {@code class-regression}). */
    static String reasonTag(String reason) {
        if (reason == null) {
            return "none";
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** The job a candidate answers: named by the event, or (older trainers) the job of its dataset. */
    private static Optional<JobDecision> jobOf(LineLedger ledger, ModelTrained trained) {
        if (trained.jobId() != null) {
            return ledger.job(trained.jobId());
        }
        return ledger.jobs().stream().filter(j -> j.datasetId().equals(trained.testDatasetId())).findFirst();
    }

    /**
     * Announces and reports a recorded verdict; on a redelivery only what is missing and still true.
     *
     * @param figures the judge-set figures for the HTML report; null on a redelivery (the scores are gone)
     */
    private void finish(LineLedger ledger, VerdictDecision verdict, ModelTrained trained, boolean redelivered,
            JudgeFigures figures) {
        String model = ledger.model();
        String reportKey = Buckets.reportKey(model, verdict.version());
        boolean reported = store.exists(Buckets.REPORTS, reportKey);
        ModelEvaluated evaluated = evaluated(model, verdict, reportKey, trained.correlationId());
        if (!redelivered || !reported) {
            publisher.publish(evaluated);
        }
        ledger.champion().filter(c -> c.source().equals(verdict.jobId()) && "evaluation".equals(c.cause()))
                .filter(c -> !redelivered || !reported)
                .ifPresent(c -> champions.announce(model, c, trained.correlationId()));
        if (!reported) {
            Instant evaluatedAt = Instant.now();
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("verdict", evaluated);
            report.put("trained", trained);
            report.put("evaluatedAt", evaluatedAt);
            report.put("codeLength", dev.prequel.evaluator.line.CodeLength.of(ledger.datasets()));
            if (figures != null) {
                report.put("figures", figures);
            }
            // The page first: report.json is what marks the version reported, so a crash between the two writes both
            // again on the redelivery.
            pages.write(ledger, verdict, figures, evaluatedAt);
            store.put(Buckets.REPORTS, reportKey, EventJson.writeBytes(report), "application/json");
        }
    }

    private static ModelEvaluated evaluated(String model, VerdictDecision v, String reportKey, String correlationId) {
        Map<String, Object> details = v.details();
        return new ModelEvaluated(model, v.version(), v.championVersion(), v.candidateAccuracy(), v.championAccuracy(),
                number(details, "candidateBitsPerLabel"), (Double) optionalNumber(details, "championBitsPerLabel"),
                v.judgeExamples(), v.datasetId(), v.promote(), v.reason(), reportKey, correlationId,
                v.judgeDatasets(), details);
    }

    private static double number(Map<String, Object> details, String key) {
        Object value = details.get(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Object optionalNumber(Map<String, Object> details, String key) {
        Object value = details.get(key);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    static List<String> judgeDatasets(LineLedger ledger, AcceptedDataset candidate) {
        return ledger.usable().stream().filter(d -> d.sameShape(candidate)).map(AcceptedDataset::datasetId).toList();
    }
}
