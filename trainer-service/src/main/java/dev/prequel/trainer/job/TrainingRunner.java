package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.TrainingBatchProgress;
import dev.prequel.events.TrainingProgress;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.train.BatchProgress;
import dev.prequel.model.train.EpochMetrics;
import dev.prequel.model.train.ModelTrainer;
import dev.prequel.model.train.ProgressListener;
import dev.prequel.model.train.TrainingSettings;
import dev.prequel.trainer.checkpoint.Checkpoint;
import dev.prequel.trainer.checkpoint.EpochCheckpoints;
import dev.prequel.trainer.data.JobData;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one job: fetch the dataset's train and validation shards, start from the parent's weights (or fresh
 * ones), train, write the artifact, announce it. Writing is idempotent (the version is deterministic), and
 * a version whose {@code model.json} exists is announced again rather than trained again.
 */
@ApplicationScoped
public class TrainingRunner {

    private static final Logger LOG = Logger.getLogger(TrainingRunner.class);

    private final ObjectStore store;
    private final EventPublisher publisher;
    private final EpochCheckpoints checkpoints;
    private final MeterRegistry meters;
    private final int progressEveryBatches;

    public TrainingRunner(ObjectStore store, EventPublisher publisher, EpochCheckpoints checkpoints,
            MeterRegistry meters,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "prequel.trainer.progress-every-batches",
                    defaultValue = "50") int progressEveryBatches) {
        this.meters = meters;
        this.progressEveryBatches = progressEveryBatches;
        this.store = store;
        this.publisher = publisher;
        this.checkpoints = checkpoints;
    }

    public ModelTrained run(TrainingJob job) {
        var existing = store.readIfExists(Buckets.MODELS, Buckets.modelJsonKey(job.model(), job.version()));
        if (existing.isPresent()) {
            LOG.infof("%s/%s is trained already; announcing it again", job.model(), job.version());
            ModelTrained trained = announcement(job, ModelDescriptor.fromJson(existing.get()), 0);
            publisher.publish(trained);
            return trained;
        }
        long start = System.currentTimeMillis();
        try (WorkDirectory work = WorkDirectory.create("prequel-train-")) {
            JobData data = JobData.fetch(store, job.model(), job.datasetId(), job.replay(), job.classes(), job.seed(),
                    work.resolve("data"));
            DatasetManifest manifest = data.manifest();
            int gpus = ai.djl.engine.Engine.getInstance().getGpuCount();
            LOG.infof("training %s/%s (%s, parent %s) on %s: %d new + about %d replayed train / %d validation "
                    + "examples, %d epochs, on %s (the engine sees %d GPUs)", job.model(), job.version(),
                    job.architecture(), job.parentVersion(), job.datasetId(), data.newExamples(), data.replayed(),
                    data.validation().examples(), job.epochs(), gpus > 0 ? "the GPU" : "the CPU", gpus);
            Optional<Checkpoint> resumed = checkpoints.restore(job.model(), job.version(), work.resolve("checkpoint"));
            try (LoadedModel start0 = resumed.map(Checkpoint::model)
                    .orElseGet(() -> startingPoint(job, manifest, work.resolve("parent")))) {
                // What the version will be, with the epochs done so far (none, or a checkpoint's).
                ModelDescriptor target = resumed.isPresent() ? start0.descriptor()
                        : job.parentVersion() == null ? fresh(job, manifest)
                        : start0.descriptor().child(job.version(), start0.descriptor().normalisation(),
                                trainedOn(job), job.settings().toHyperParameters(), List.of(), null,
                                Instant.now());
                List<EpochMetrics> history = new ArrayList<>(target.history());
                int done = history.size();
                if (done < job.epochs()) {
                    // The per-batch schedules count the job's updates from this (the same on every resume).
                    // How often progress is reported inside an epoch changes nothing that is trained (no version id).
                    TrainingSettings all = job.settings().withExamplesPerEpoch(data.newExamples() + data.replayed())
                            .withProgressEveryBatches(progressEveryBatches);
                    TrainingSettings settings = done == 0 ? all : all.resumingAt(done + 1, job.epochs() - done);
                    ModelTrainer.train(start0.model(), data.train(), data.validation(), data.test(),
                            target.normalisation(), settings, resumed.map(Checkpoint::optimizerState).orElse(null),
                            new Progress(job, start0.model(), target, history,
                                    data.newExamples() + data.replayed()));
                }
                Path out = work.resolve("out");
                ModelDescriptor descriptor = ModelArtifact.save(start0.model(), complete(target, history), out);
                upload(job, out);
                ModelTrained trained = announcement(job, descriptor, System.currentTimeMillis() - start);
                publisher.publish(trained);
                checkpoints.clear(job.model(), job.version());
                return trained;
            }
        }
    }

    /** The parent's weights and normalisation, or a fresh model normalised by this dataset's statistics. */
    private LoadedModel startingPoint(TrainingJob job, DatasetManifest manifest, Path dir) {
        if (job.parentVersion() != null) {
            String prefix = JobPlanner.parentPrefix(job.model(), job.parentVersion());
            store.downloadAll(Buckets.MODELS, prefix, dir);
            return ModelArtifact.loadParent(dir, job.architecture(), manifest.shape(), classes(job, manifest));
        }
        ModelDescriptor fresh = fresh(job, manifest);
        return new LoadedModel(fresh, ModelArtifact.newModel(fresh, job.seed()));
    }

    private static ModelDescriptor fresh(TrainingJob job, DatasetManifest manifest) {
        return new ModelDescriptor(job.model(), job.version(), job.architecture(), manifest.shape(), classes(job, manifest),
                manifest.mean(), manifest.std(), null, trainedOn(job), job.settings().toHyperParameters(),
                List.of(), null, Instant.now(), null);
    }

    private static List<String> classes(TrainingJob job, DatasetManifest manifest) {
        return job.classes().isEmpty() ? manifest.classes() : job.classes();
    }

    /** The target descriptor with the epochs run and where the last one ran. */
    private static ModelDescriptor complete(ModelDescriptor t, List<EpochMetrics> history) {
        String device = history.isEmpty() ? t.device() : history.get(history.size() - 1).device();
        return new ModelDescriptor(t.model(), t.version(), t.architecture(), t.shape(), t.classes(), t.mean(), t.std(),
                t.parentVersion(), t.datasetIds(), t.hyperParameters(), List.copyOf(history), device, Instant.now(),
                null);
    }

    /** The datasets a version learnt from: its own drop first, then the replayed ones. */
    private static List<String> trainedOn(TrainingJob job) {
        List<String> ids = new ArrayList<>();
        ids.add(job.datasetId());
        job.replay().forEach(r -> ids.add(r.datasetId()));
        return ids;
    }

    private void upload(TrainingJob job, Path out) {
        String prefix = Buckets.modelPrefix(job.model(), job.version());
        // model.json last: its presence marks the version as complete.
        store.put(Buckets.MODELS, prefix + ModelArtifact.PARAMS_FILE, out.resolve(ModelArtifact.PARAMS_FILE),
                "application/octet-stream");
        store.put(Buckets.MODELS, prefix + ModelArtifact.DESCRIPTOR_FILE, out.resolve(ModelArtifact.DESCRIPTOR_FILE),
                "application/json");
    }

    private static ModelTrained announcement(TrainingJob job, ModelDescriptor d, long millis) {
        List<EpochMetrics> history = d.history();
        EpochMetrics kept = keptEpoch(history, job.options().keepBest());
        return new ModelTrained(job.model(), job.version(), job.parentVersion(), d.datasetIds(), job.datasetId(),
                d.architecture(), history.size(), kept == null ? 0 : kept.validationAccuracy(), millis, d.device(),
                job.correlationId(), job.jobId(), kept == null ? null : kept.testAccuracy());
    }

    /** The epoch whose weights the model has: the last, or the earliest with the best validation accuracy. */
    static EpochMetrics keptEpoch(List<EpochMetrics> history, boolean keepBest) {
        EpochMetrics kept = null;
        for (EpochMetrics m : history) {
            if (kept == null || !keepBest || m.validationAccuracy() > kept.validationAccuracy()) {
                kept = m;
            }
        }
        return kept;
    }

    /**
     * Logs progress inside epochs and publishes it without waiting; after each epoch publishes it to {@code training.progress} and saves a
     * checkpoint (the model is not being updated between epochs).
     */
    private final class Progress implements ProgressListener {
        private final TrainingJob job;
        private final ai.djl.Model model;
        private final ModelDescriptor target;
        private final List<EpochMetrics> history;
        private final long epochExamples;

        Progress(TrainingJob job, ai.djl.Model model, ModelDescriptor target, List<EpochMetrics> history,
                long epochExamples) {
            this.epochExamples = epochExamples;
            this.job = job;
            this.model = model;
            this.target = target;
            this.history = history;
        }

        @Override
        public void onBatch(BatchProgress p) {
            LOG.infof("%s/%s epoch %d/%d batch %d: loss %.4f, accuracy %.4f, %.0f img/s on %s", job.model(),
                    job.version(), p.epoch(), p.epochs(), p.batch(), p.trainLoss(), p.trainAccuracy(),
                    p.imagesPerSecond(), p.device());
            publisher.publishWithoutWaiting(new TrainingBatchProgress(job.model(), job.version(), p.epoch(),
                    job.epochs(), p.batch(), p.examples(), epochExamples, p.trainLoss(), p.trainAccuracy(),
                    p.imagesPerSecond(), p.device(), job.correlationId()));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            LOG.infof("%s/%s epoch %d/%d: loss %.4f, train accuracy %.4f, validation accuracy %.4f, test accuracy %s, "
                    + "%.0f img/s on %s", job.model(), job.version(), m.epoch(), job.epochs(), m.trainLoss(),
                    m.trainAccuracy(), m.validationAccuracy(),
                    m.testAccuracy() == null ? "-" : String.format("%.4f", m.testAccuracy()), m.imagesPerSecond(),
                    m.device());
            publisher.publish(new TrainingProgress(job.model(), job.version(), m.epoch(), job.epochs(), m.trainLoss(),
                    m.trainAccuracy(), m.validationAccuracy(), m.imagesPerSecond(), m.device(), job.correlationId(),
                    m.testAccuracy()));
            meters.counter("prequel.trainer.epochs", "model", job.model()).increment();
            meters.summary("prequel.trainer.images.per.second", "model", job.model()).record(m.imagesPerSecond());
            history.add(m);
        }

        @Override
        public void onEpochEnd(EpochMetrics m, Supplier<byte[]> optimizerState) {
            if (m.epoch() < job.epochs()) {
                checkpoints.save(model, complete(target, history), optimizerState.get());
            }
        }
    }
}
