package dev.prequel.preprocess.codelength;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.events.SuspiciousLabels;
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
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The prequential code length of a new dataset: -log2 p(true label) of every example of the drop (train, val and
 * test splits alike) under the line's champion, before anything trains on it (DESIGN.md: how well the model
 * compresses what it has not seen). The champion is loaded with DJL and the splits are streamed through it in
 * batches, so the whole drop is encoded by default; {@code prequel.preprocess.code-length-max-examples} can cap it
 * for huge drops (0, the default: no cap). It is a measurement, never a gate: a champion with other classes or
 * another input shape, or any failure, leaves it unknown (empty) and the dataset is prepared all the same. On the
 * same pass it keeps the examples the champion finds least likely ({@link SuspiciousSelection}, bounded by
 * {@code prequel.preprocess.suspicious-labels}): candidates for relabelling.
 */
@ApplicationScoped
public class ChampionCodeLength {

    private static final Logger LOG = Logger.getLogger(ChampionCodeLength.class);
    private static final List<String> SPLITS = List.of(DatasetManifest.TRAIN, DatasetManifest.VALIDATION,
            DatasetManifest.TEST);

    private final ObjectStore store;

    public ChampionCodeLength(ObjectStore store) {
        this.store = store;
    }

    /**
     * The code length of a drop.
     *
     * @param examples examples encoded
     * @param totalBits sum of -log2 p(true label) over them
     * @param bitsPerLabel {@code totalBits / examples}
     * @param suspicious the examples with the lowest probability of their own label; null when none were asked for
     */
    public record Measured(int examples, double totalBits, double bitsPerLabel, SuspiciousLabels suspicious) {
    }

    /**
     * @param shardDirectory the prepared shards, still local
     * @param maxExamples at most this many examples are encoded, splits in order train, val, test; 0 or less: all
     * @param suspiciousLabels how many of the least likely examples to keep; 0: none
     * @return empty when there is nothing to score, or the champion cannot score these classes and this shape
     */
    public Optional<Measured> measure(ModelPromoted champion, DatasetManifest manifest,
            java.nio.file.Path shardDirectory, int maxExamples, int suspiciousLabels) {
        if (SPLITS.stream().mapToInt(manifest::examples).sum() == 0) {
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
                Iterable<Example> all = concat(SPLITS.stream().filter(s -> manifest.examples(s) > 0)
                        .<Iterable<Example>>map(s -> LocalShards.split(shardDirectory, manifest, s)).toList());
                SuspiciousSelection selection = new SuspiciousSelection(Math.max(0, suspiciousLabels));
                SplitPosition position = new SplitPosition(manifest);
                var result = ModelEvaluation.evaluate(model, maxExamples > 0 ? limit(all, maxExamples) : all,
                        (example, logProbabilities) -> {
                            long seq = selection.offered();
                            selection.offer(position.split(seq), position.index(seq), example, logProbabilities);
                        });
                return result.examples() == 0 ? Optional.empty()
                        : Optional.of(new Measured(result.examples(), result.bitsPerLabel() * result.examples(),
                                result.bitsPerLabel(), suspiciousLabels <= 0 ? null
                                        : suspicious(champion, manifest, selection, result.examples())));
            }
        } catch (RuntimeException | LinkageError e) {
            if (e instanceof RuntimeException r && dev.prequel.runtime.durable.Failures.isTransient(r)) {
                throw r; // S3 or the network is down: retried, so the drop keeps the code length it would have had
            }
            LOG.warnf(e, "could not score dataset %s of %s under its champion %s", manifest.datasetId(), manifest.model(),
                    champion.version());
            return Optional.empty();
        }
    }

    private static SuspiciousLabels suspicious(ModelPromoted champion, DatasetManifest manifest,
            SuspiciousSelection selection, int scored) {
        List<String> classes = manifest.classes();
        return new SuspiciousLabels(manifest.model(), manifest.datasetId(), champion.version(), scored,
                selection.lowestFirst().stream().map(c -> new SuspiciousLabels.Entry(Thumbnails.id(c.example()
                        .pixels()), c.split(), c.index(), null, classes.get(c.example().label()), c.probability(),
                        classes.get(c.guess()), c.guessProbability(), Thumbnails.pngBase64(c.example().pixels(),
                                manifest.shape()))).toList(), Instant.now());
    }

    /** Which split, and where in it, the n-th example streamed is: splits are streamed whole, train, val, test. */
    private record SplitPosition(DatasetManifest manifest) {
        String split(long seq) {
            long start = 0;
            for (String s : SPLITS) {
                if (seq < start + manifest.examples(s)) {
                    return s;
                }
                start += manifest.examples(s);
            }
            return SPLITS.get(SPLITS.size() - 1);
        }

        int index(long seq) {
            long start = 0;
            for (String s : SPLITS) {
                if (seq < start + manifest.examples(s)) {
                    return (int) (seq - start);
                }
                start += manifest.examples(s);
            }
            return (int) (seq - start);
        }
    }

    private static Iterable<Example> concat(List<Iterable<Example>> parts) {
        return () -> new Iterator<>() {
            private final Iterator<Iterable<Example>> outer = parts.iterator();
            private Iterator<Example> inner = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!inner.hasNext() && outer.hasNext()) {
                    inner = outer.next().iterator();
                }
                return inner.hasNext();
            }

            @Override
            public Example next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return inner.next();
            }
        };
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
