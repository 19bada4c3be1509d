package dev.prequel.trainer.job;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelTrained;
import dev.prequel.events.TrainingProgress;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.model.train.BatchProgress;
import dev.prequel.model.train.EpochMetrics;
import dev.prequel.model.train.ModelTrainer;
import dev.prequel.model.train.ProgressListener;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

    public TrainingRunner(ObjectStore store, EventPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
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
            DatasetManifest manifest = DatasetManifest.fromJson(
                    store.read(Buckets.DATASETS, Buckets.manifestKey(job.model(), job.datasetId())));
            Path data = fetchShards(job, manifest, work.resolve("data"));
            LocalShards train = LocalShards.split(data, manifest, DatasetManifest.TRAIN);
            LocalShards validation = LocalShards.split(data, manifest, DatasetManifest.VALIDATION);
            LOG.infof("training %s/%s (%s, parent %s) on %s: %d train / %d validation examples, %d epochs",
                    job.model(), job.version(), job.architecture(), job.parentVersion(), job.datasetId(),
                    train.examples(), validation.examples(), job.epochs());
            try (LoadedModel start0 = startingPoint(job, manifest, work.resolve("parent"))) {
                Normalisation normalisation = start0.descriptor().normalisation();
                List<EpochMetrics> history = ModelTrainer.train(start0.model(), train, validation, normalisation,
                        job.settings(), new Progress(job));
                String device = history.get(history.size() - 1).device();
                ModelDescriptor descriptor = job.parentVersion() == null
                        ? fresh(job, manifest, history, device)
                        : start0.descriptor().child(job.version(), normalisation, List.of(job.datasetId()),
                                job.settings().toHyperParameters(), history, device, Instant.now());
                Path out = work.resolve("out");
                descriptor = ModelArtifact.save(start0.model(), descriptor, out);
                upload(job, out);
                ModelTrained trained = announcement(job, descriptor, System.currentTimeMillis() - start);
                publisher.publish(trained);
                return trained;
            }
        }
    }

    /** The parent's weights and normalisation, or a fresh model normalised by this dataset's statistics. */
    private LoadedModel startingPoint(TrainingJob job, DatasetManifest manifest, Path dir) {
        if (job.parentVersion() != null) {
            String prefix = JobPlanner.parentPrefix(job.model(), job.parentVersion());
            store.downloadAll(Buckets.MODELS, prefix, dir);
            return ModelArtifact.loadParent(dir, job.architecture(), manifest.shape(), manifest.classes());
        }
        ModelDescriptor fresh = fresh(job, manifest, List.of(), null);
        return new LoadedModel(fresh, ModelArtifact.newModel(fresh, job.seed()));
    }

    private static ModelDescriptor fresh(TrainingJob job, DatasetManifest manifest, List<EpochMetrics> history,
            String device) {
        return new ModelDescriptor(job.model(), job.version(), job.architecture(), manifest.shape(), manifest.classes(),
                manifest.mean(), manifest.std(), null, List.of(job.datasetId()), job.settings().toHyperParameters(),
                history, device, Instant.now(), null);
    }

    private Path fetchShards(TrainingJob job, DatasetManifest manifest, Path dir) {
        String prefix = Buckets.datasetPrefix(job.model(), job.datasetId());
        for (ShardEntry shard : manifest.shards()) {
            if (!DatasetManifest.TEST.equals(shard.split())) {
                store.download(Buckets.DATASETS, prefix + shard.key(), dir.resolve(shard.key()));
            }
        }
        return dir;
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
        double validation = history.isEmpty() ? 0 : history.get(history.size() - 1).validationAccuracy();
        return new ModelTrained(job.model(), job.version(), job.parentVersion(), d.datasetIds(), job.datasetId(),
                d.architecture(), history.size(), validation, millis, d.device(), job.correlationId());
    }

    /** Logs progress inside epochs and publishes each finished epoch to {@code training.progress}. */
    private final class Progress implements ProgressListener {
        private final TrainingJob job;

        Progress(TrainingJob job) {
            this.job = job;
        }

        @Override
        public void onBatch(BatchProgress p) {
            LOG.infof("%s/%s epoch %d/%d batch %d: loss %.4f, accuracy %.4f, %.0f img/s on %s", job.model(),
                    job.version(), p.epoch(), p.epochs(), p.batch(), p.trainLoss(), p.trainAccuracy(),
                    p.imagesPerSecond(), p.device());
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            LOG.infof("%s/%s epoch %d/%d: loss %.4f, train accuracy %.4f, validation accuracy %.4f, %.0f img/s on %s",
                    job.model(), job.version(), m.epoch(), job.epochs(), m.trainLoss(), m.trainAccuracy(),
                    m.validationAccuracy(), m.imagesPerSecond(), m.device());
            publisher.publish(new TrainingProgress(job.model(), job.version(), m.epoch(), job.epochs(), m.trainLoss(),
                    m.trainAccuracy(), m.validationAccuracy(), m.imagesPerSecond(), m.device(), job.correlationId()));
        }
    }
}
