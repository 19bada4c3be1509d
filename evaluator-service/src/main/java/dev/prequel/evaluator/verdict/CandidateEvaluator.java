package dev.prequel.evaluator.verdict;

import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelEvaluated;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.ModelTrained;
import dev.prequel.evaluator.promotion.Promoter;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.metrics.EvaluationResult;
import dev.prequel.model.metrics.ModelEvaluation;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.runtime.champion.ChampionStore;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Measures a candidate and the champion on the candidate's test split, decides, and records the verdict.
 * Idempotent on the version: a report that exists means the candidate was judged already.
 */
@ApplicationScoped
public class CandidateEvaluator {

    private static final Logger LOG = Logger.getLogger(CandidateEvaluator.class);

    private final ObjectStore store;
    private final ChampionStore champions;
    private final Promoter promoter;
    private final EventPublisher publisher;
    private final PromotionPolicy policy;

    public CandidateEvaluator(ObjectStore store, ChampionStore champions, Promoter promoter, EventPublisher publisher,
            @ConfigProperty(name = "prequel.evaluator.min-accuracy") double minAccuracy,
            @ConfigProperty(name = "prequel.evaluator.min-improvement") double minImprovement) {
        this.store = store;
        this.champions = champions;
        this.promoter = promoter;
        this.publisher = publisher;
        this.policy = new PromotionPolicy(minAccuracy, minImprovement);
    }

    public void evaluate(ModelTrained trained) {
        String reportKey = Buckets.reportKey(trained.model(), trained.version());
        if (store.exists(Buckets.REPORTS, reportKey)) {
            LOG.infof("%s/%s was evaluated already", trained.model(), trained.version());
            return;
        }
        Optional<ModelPromoted> champion = champions.current(trained.model())
                .filter(c -> !c.version().equals(trained.version()));
        try (WorkDirectory work = WorkDirectory.create("prequel-evaluate-")) {
            LocalShards test = TestSplit.fetch(store, trained.model(), trained.testDatasetId(), work.resolve("test"));
            EvaluationResult candidate;
            try (LoadedModel model = ModelFetcher.fetch(store, trained.model(), trained.version(), work.resolve("candidate"))) {
                candidate = ModelEvaluation.evaluate(model, test);
            }
            EvaluationResult incumbent = null;
            if (champion.isPresent()) {
                try (LoadedModel model = ModelFetcher.fetch(store, trained.model(), champion.get().version(),
                        work.resolve("champion"))) {
                    incumbent = ModelEvaluation.evaluate(model, test);
                }
            }
            PromotionPolicy.Verdict verdict = policy.judge(candidate.accuracy(),
                    incumbent == null ? null : incumbent.accuracy());
            ModelEvaluated evaluated = new ModelEvaluated(trained.model(), trained.version(),
                    champion.map(ModelPromoted::version).orElse(null), candidate.accuracy(),
                    incumbent == null ? null : incumbent.accuracy(), candidate.bitsPerLabel(),
                    incumbent == null ? null : incumbent.bitsPerLabel(), candidate.examples(), trained.testDatasetId(),
                    verdict.promote(), verdict.reason(), reportKey, trained.correlationId());
            LOG.infof("%s/%s: test accuracy %.4f vs champion %s -> %s", trained.model(), trained.version(),
                    candidate.accuracy(), incumbent == null ? "none" : String.format("%.4f", incumbent.accuracy()),
                    verdict.reason());
            publisher.publish(evaluated);
            if (verdict.promote()) {
                promoter.promote(trained.model(), trained.version(), candidate.accuracy(), "evaluation",
                        trained.correlationId());
            }
            // Written last: its presence marks the candidate as judged.
            store.put(Buckets.REPORTS, reportKey, EventJson.writeBytes(report(evaluated, trained, candidate, incumbent)),
                    "application/json");
        }
    }

    private static Map<String, Object> report(ModelEvaluated evaluated, ModelTrained trained, EvaluationResult candidate,
            EvaluationResult champion) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("verdict", evaluated);
        report.put("trained", trained);
        report.put("candidateConfusion", candidate.confusion());
        if (champion != null) {
            report.put("championConfusion", champion.confusion());
        }
        report.put("evaluatedAt", Instant.now());
        return report;
    }
}
