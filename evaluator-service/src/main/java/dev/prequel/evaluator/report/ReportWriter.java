package dev.prequel.evaluator.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.evaluator.line.CodeLength;
import dev.prequel.evaluator.line.LineLedger;
import dev.prequel.evaluator.line.LineLedger.VerdictDecision;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.SuspiciousLabels;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes a judged version's HTML report, {@code reports/<model>/<version>/index.html}, beside its {@code report.json}:
 * the verdict with its numbers, the version's lineage and learning curves (its {@code model.json}), the judge-set
 * figures, the line's code length and the suspicious labels of the datasets it learnt from.
 */
@ApplicationScoped
public class ReportWriter {

    private static final Logger LOG = Logger.getLogger(ReportWriter.class);
    /** The page lists the suspicious labels of at most this many datasets (the version's own drop first)... */
    static final int MAX_SUSPICIOUS_DATASETS = 10;
    /** ...and at most this many examples of each. */
    static final int MAX_SUSPICIOUS_PER_DATASET = 50;

    private final ObjectStore store;

    public ReportWriter(ObjectStore store) {
        this.store = store;
    }

    public void write(LineLedger ledger, VerdictDecision verdict, JudgeFigures figures, Instant evaluatedAt) {
        String model = ledger.model();
        String page;
        try {
            page = ReportPage.render(assemble(ledger, verdict, figures, evaluatedAt));
        } catch (RuntimeException e) {
            // The page is a view of what report.json and the ledger record: a flaw in it must not hold them up.
            LOG.errorf(e, "%s/%s: the HTML report could not be rendered", model, verdict.version());
            return;
        }
        // Plain text/html: S3Proxy refuses the signature of a content type with parameters; the page declares UTF-8.
        store.put(Buckets.REPORTS, Buckets.reportPageKey(model, verdict.version()),
                page.getBytes(StandardCharsets.UTF_8), "text/html");
    }

    VersionReport assemble(LineLedger ledger, VerdictDecision v, JudgeFigures figures, Instant evaluatedAt) {
        String model = ledger.model();
        Optional<byte[]> modelJson = store.readIfExists(Buckets.MODELS, Buckets.modelJsonKey(model, v.version()));
        Optional<ModelDescriptor> descriptor = modelJson.map(ModelDescriptor::fromJson);
        String parent = ledger.job(v.jobId()).map(LineLedger.JobDecision::parentVersion)
                .orElse(descriptor.map(ModelDescriptor::parentVersion).orElse(null));
        List<String> datasets = descriptor.map(ModelDescriptor::datasetIds).filter(d -> !d.isEmpty())
                .orElse(List.of(v.datasetId()));
        var lineage = new VersionReport.Lineage(parent, v.datasetId(), datasets,
                descriptor.map(ModelDescriptor::architecture).orElse(null),
                descriptor.map(ModelDescriptor::device).orElse(null),
                descriptor.map(ModelDescriptor::hyperParameters).orElse(Map.of()),
                descriptor.map(ModelDescriptor::createdAt).orElse(null));
        var verdict = new VersionReport.Verdict(v.promote(), v.reason(), v.candidateAccuracy(), v.championAccuracy(),
                v.championVersion(), v.judgeExamples(), v.judgeDatasets(), scalars(v.details()));
        return new VersionReport(model, v.version(), verdict, lineage, modelJson.map(ReportWriter::epochs)
                .orElse(List.of()), figures, CodeLength.of(ledger.datasets()), suspicious(model, v.datasetId(),
                        datasets), evaluatedAt);
    }

    /**
     * The learning curve read from model.json as JSON, not through the trainer's record, so that figures a trainer
     * adds per epoch (a validation loss, a test accuracy) show up here once they are written.
     */
    static List<VersionReport.Epoch> epochs(byte[] modelJson) {
        List<VersionReport.Epoch> out = new ArrayList<>();
        try {
            for (JsonNode e : EventJson.mapper().readTree(modelJson).path("history")) {
                boolean validated = e.path("validationExamples").asLong(1) > 0;
                out.add(new VersionReport.Epoch(e.path("epoch").asInt(out.size() + 1), number(e, "trainLoss"),
                        validated ? number(e, "validationLoss") : null, number(e, "trainAccuracy"),
                        validated ? number(e, "validationAccuracy") : null, number(e, "testAccuracy")));
            }
        } catch (IOException e) {
            LOG.warnf("model.json has no readable history: %s", e.getMessage());
        }
        return out;
    }

    private List<SuspiciousLabels> suspicious(String model, String own, List<String> datasets) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        ids.add(own);
        for (int i = datasets.size() - 1; i >= 0; i--) {
            ids.add(datasets.get(i));
        }
        List<SuspiciousLabels> out = new ArrayList<>();
        for (String id : ids) {
            if (out.size() == MAX_SUSPICIOUS_DATASETS) {
                break;
            }
            try {
                store.readIfExists(Buckets.DATASETS, Buckets.suspiciousKey(model, id))
                        .map(b -> EventJson.read(b, SuspiciousLabels.class))
                        .map(s -> new SuspiciousLabels(s.model(), id, s.championVersion(), s.examplesScored(),
                                s.entries().subList(0, Math.min(MAX_SUSPICIOUS_PER_DATASET, s.entries().size())),
                                s.createdAt()))
                        .ifPresent(out::add);
            } catch (RuntimeException e) {
                LOG.warnf("suspicious labels of %s/%s are unreadable: %s", model, id, e.getMessage());
            }
        }
        return out;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() || !Double.isFinite(value.asDouble()) ? null : value.asDouble();
    }

    private static Map<String, Object> scalars(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, val) -> {
                if (val instanceof Number || val instanceof String || val instanceof Boolean) {
                    out.put(k, val);
                }
            });
        }
        return out;
    }
}
