package dev.prequel.preprocess.codelength;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.model.artifact.LoadedModel;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.artifact.ModelDescriptor;
import dev.prequel.model.metrics.ModelEvaluation;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.runtime.storage.ObjectStore;
import dev.prequel.runtime.storage.WorkDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The prequential code length of a new dataset: the mean -log2 p(true label) of its test split under the line's
 * champion, before anything trains on it (DESIGN.md: how well the model compresses what it has not seen). The
 * champion is loaded with DJL for this; at most {@code prequel.preprocess.bits-per-label-examples} examples are
 * scored (0 turns it off), which keeps it to a second or two on a CPU for the small architectures. It is a
 * measurement, never a gate: any failure leaves it unknown (null) and the dataset is prepared all the same.
 */
@ApplicationScoped
public class ChampionCodeLength {

    private static final Logger LOG = Logger.getLogger(ChampionCodeLength.class);

    private final ObjectStore store;

    public ChampionCodeLength(ObjectStore store) {
        this.store = store;
    }

    /**
     * @param shardDirectory the prepared shards, still local
     * @return empty when there is nothing to score, or the champion cannot score these classes and this shape
     */
    public Optional<Double> measure(ModelPromoted champion, DatasetManifest manifest,
            java.nio.file.Path shardDirectory, int maxExamples) {
        if (maxExamples <= 0 || manifest.examples(DatasetManifest.TEST) == 0) {
            return Optional.empty();
        }
        try (WorkDirectory dir = WorkDirectory.create("prequel-champion-")) {
            store.downloadAll(Buckets.MODELS, Buckets.modelPrefix(champion.model(), champion.version()), dir.path());
            ModelDescriptor descriptor = ModelArtifact.readDescriptor(dir.path());
            if (!descriptor.classes().equals(manifest.classes()) || !descriptor.shape().equals(manifest.shape())) {
                LOG.infof("champion %s of %s has other classes or another input shape than dataset %s: no bits per label",
                        champion.version(), champion.model(), manifest.datasetId());
                return Optional.empty();
            }
            try (LoadedModel model = ModelArtifact.load(dir.path())) {
                Iterable<Example> test = limit(LocalShards.split(shardDirectory, manifest, DatasetManifest.TEST),
                        maxExamples);
                var result = ModelEvaluation.evaluate(model, test);
                return result.examples() == 0 ? Optional.empty() : Optional.of(result.bitsPerLabel());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf(e, "could not score dataset %s of %s under its champion %s", manifest.datasetId(), manifest.model(),
                    champion.version());
            return Optional.empty();
        }
    }

    private static Iterable<Example> limit(Iterable<Example> examples, int max) {
        return () -> new Iterator<>() {
            private final Iterator<Example> it = examples.iterator();
            private int count;

            @Override
            public boolean hasNext() {
                return count < max && it.hasNext();
            }

            @Override
            public Example next() {
                count++;
                return it.next();
            }
        };
    }
}
