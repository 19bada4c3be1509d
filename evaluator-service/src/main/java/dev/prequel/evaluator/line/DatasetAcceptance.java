package dev.prequel.evaluator.line;

import dev.prequel.evaluator.line.LineLedger.AcceptedDataset;
import dev.prequel.evaluator.line.LineLedger.JobDecision;
import dev.prequel.events.Buckets;
import dev.prequel.events.DatasetPrepared;
import dev.prequel.events.TrainingRequested;
import dev.prequel.events.TrainingRequested.ReplayShare;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jboss.logging.Logger;

/**
 * Accepts a prepared dataset into its line, once, and fixes its training job at that moment: the parent is the
 * champion of the moment (else the line's {@code base} model, else none) and the data is the drop's train split
 * plus a replay share of the line's earlier usable datasets. A re-announced dataset finds its acceptance made: its
 * job is requested again only while it has no verdict (the trainer is idempotent on it), never re-planned.
 */
@ApplicationScoped
public class DatasetAcceptance {

    private static final Logger LOG = Logger.getLogger(DatasetAcceptance.class);

    private final LedgerStore ledgers;
    private final ObjectStore store;
    private final EventPublisher publisher;
    private final ErrorReporter errors;
    private final LineConfig config = new LineConfig();

    private final MeterRegistry meters;
    private final Map<String, AtomicReference<Double>> bitsPerLabel = new ConcurrentHashMap<>();

    public DatasetAcceptance(LedgerStore ledgers, ObjectStore store, EventPublisher publisher, ErrorReporter errors,
            MeterRegistry meters) {
        this.meters = meters;
        this.ledgers = ledgers;
        this.store = store;
        this.publisher = publisher;
        this.errors = errors;
    }

    /** The gauge {@code prequel.evaluator.bits.per.label} of a line: its latest accepted drop's bits per label. */
    private AtomicReference<Double> bitsPerLabel(String model) {
        return bitsPerLabel.computeIfAbsent(model, m -> {
            AtomicReference<Double> latest = new AtomicReference<>(Double.NaN);
            meters.gauge("prequel.evaluator.bits.per.label", Tags.of("model", m), latest, AtomicReference::get);
            return latest;
        });
    }

    public static String jobId(String datasetId) {
        return "job-" + datasetId;
    }

    public void onPrepared(DatasetPrepared prepared) {
        String model = prepared.model();
        LineLedger ledger = ledgers.read(model);
        if (ledger.dataset(prepared.datasetId()).isPresent()) {
            JobDecision job = ledger.job(jobId(prepared.datasetId())).orElseThrow();
            if (ledger.verdict(job.jobId()).isPresent()) {
                LOG.infof("%s/%s was accepted and judged already; nothing to do", model, prepared.datasetId());
            } else {
                LOG.infof("%s/%s was accepted already; requesting its job %s again", model, prepared.datasetId(),
                        job.jobId());
                publisher.publish(request(model, job, prepared.correlationId()));
            }
            return;
        }
        if (!store.exists(Buckets.DATASETS, Buckets.manifestKey(model, prepared.datasetId()))) {
            errors.report("dataset-not-found", "datasets.prepared names a dataset without a manifest", model,
                    prepared.datasetId(), prepared.correlationId());
            return;
        }
        boolean held = prepared.driftFlagged() && config.onDrift(model) == LineConfig.OnDrift.HOLD;
        AcceptedDataset dataset = new AcceptedDataset(ledger.datasets().size() + 1, prepared.datasetId(),
                prepared.classes(), prepared.channels(), prepared.height(), prepared.width(), prepared.splits(),
                prepared.driftFlagged(), held, prepared.bitsPerLabel(), Instant.now(), prepared.correlationId(),
                prepared.bitsPerLabel() == null ? null : prepared.codedExamples(),
                prepared.bitsPerLabel() == null ? null : prepared.totalBits());
        List<AcceptedDataset> earlier = ledger.usable().stream().filter(d -> d.sameShape(dataset)).toList();
        List<ReplayShare> replay = config.replay(model).plan(earlier,
                prepared.splits().getOrDefault(DatasetManifest.TRAIN, 0));
        String parent = ledger.championVersion().orElseGet(() -> store.exists(Buckets.MODELS,
                Buckets.baseModelPrefix(model) + ModelArtifact.DESCRIPTOR_FILE) ? "base" : null);
        JobDecision job = new JobDecision(jobId(prepared.datasetId()), prepared.datasetId(), parent, replay,
                prepared.classes(), Instant.now());
        LineLedger accepted = ledger.accept(dataset, job);
        ledgers.write(accepted);
        List<CodeLength.Row> code = CodeLength.of(accepted.datasets());
        CodeLength.Row latest = code.get(code.size() - 1);
        bitsPerLabel(model).set(latest.bitsPerLabel());
        LOG.infof("%s/%s code length %.1f bits for %d labels (%.4f bits/label%s); line %.1f of uniform %.1f bits",
                model, prepared.datasetId(), latest.bits(), latest.examples(), latest.bitsPerLabel(),
                latest.uniform() ? ", uniform code" : "", latest.cumulativeBits(), latest.cumulativeUniformBits());
        LOG.infof("%s/%s accepted as dataset %d%s: job %s fine-tunes %s with %d replayed datasets", model,
                prepared.datasetId(), dataset.seq(), held ? " (held: drifted)" : "", job.jobId(), parent,
                replay.size());
        if (held) {
            errors.report("drift-hold", "the drop drifted from the line's previous data; its candidate will be "
                    + "trained and judged but not promoted unless an operator pins it", model, prepared.datasetId(),
                    prepared.correlationId());
        }
        publisher.publish(request(model, job, prepared.correlationId()));
    }

    private static TrainingRequested request(String model, JobDecision job, String correlationId) {
        return new TrainingRequested(model, job.jobId(), job.datasetId(), job.parentVersion(), job.replay(),
                job.classes(), correlationId);
    }
}
