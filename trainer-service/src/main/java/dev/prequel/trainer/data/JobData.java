package dev.prequel.trainer.data;

import dev.prequel.events.Buckets;
import dev.prequel.events.TrainingRequested.ReplayShare;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.InterleavedExamples;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.model.shard.SampledExamples;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.runtime.storage.LocalPaths;
import dev.prequel.runtime.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one job learns from, streamed from local copies of the shards: the new drop's train split mixed with the
 * replay shares of earlier datasets' train splits (relabelled by class name), and the new drop's validation split.
 * The new drop's test split is fetched too, only to report its accuracy after every epoch (as the reference job
 * does): nothing is chosen by it, the line's judge set stays the evaluator's.
 *
 * @param manifest the new dataset's manifest (shape, statistics for a fresh model)
 * @param replayed about how many replayed examples each epoch holds
 * @param test the new drop's test split, relabelled like its train split; null when it has none
 */
public record JobData(DatasetManifest manifest, Iterable<Example> train, LocalShards validation, int newExamples,
        long replayed, Iterable<Example> test) {

    public static JobData fetch(ObjectStore store, String model, String datasetId, List<ReplayShare> replay,
            List<String> classes, long seed, Path dir) {
        DatasetManifest manifest = manifest(store, model, datasetId);
        Path own = dir.resolve(datasetId);
        download(store, manifest, DatasetManifest.TRAIN, own);
        download(store, manifest, DatasetManifest.VALIDATION, own);
        download(store, manifest, DatasetManifest.TEST, own);
        LocalShards newTrain = LocalShards.split(own, manifest, DatasetManifest.TRAIN);
        int[] ownMap = SampledExamples.labelMap(manifest.classes(), classes.isEmpty() ? manifest.classes() : classes);
        List<InterleavedExamples.Source> sources = new ArrayList<>();
        sources.add(new InterleavedExamples.Source(new SampledExamples(newTrain, datasetId, 1.0, seed, ownMap),
                newTrain.examples()));
        long replayed = 0;
        for (ReplayShare share : replay) {
            DatasetManifest old = manifest(store, model, share.datasetId());
            if (!old.shape().equals(manifest.shape())) {
                continue; // a line whose input changed cannot learn from data of the old shape
            }
            Path oldDir = dir.resolve(share.datasetId());
            download(store, old, DatasetManifest.TRAIN, oldDir);
            LocalShards oldTrain = LocalShards.split(oldDir, old, DatasetManifest.TRAIN);
            long expected = Math.round(oldTrain.examples() * share.fraction());
            replayed += expected;
            sources.add(new InterleavedExamples.Source(new SampledExamples(oldTrain, share.datasetId(),
                    share.fraction(), seed, SampledExamples.labelMap(old.classes(), classes.isEmpty()
                            ? manifest.classes() : classes)), expected));
        }
        Iterable<Example> test = manifest.examples(DatasetManifest.TEST) == 0 ? null
                : new SampledExamples(LocalShards.split(own, manifest, DatasetManifest.TEST), datasetId, 1.0, seed, ownMap);
        return new JobData(manifest, new InterleavedExamples(sources, seed), LocalShards.split(own, manifest,
                DatasetManifest.VALIDATION), newTrain.examples(), replayed, test);
    }

    private static DatasetManifest manifest(ObjectStore store, String model, String datasetId) {
        return DatasetManifest.fromJson(store.read(Buckets.DATASETS, Buckets.manifestKey(model, datasetId)));
    }

    private static void download(ObjectStore store, DatasetManifest manifest, String split, Path dir) {
        String prefix = Buckets.datasetPrefix(manifest.model(), manifest.datasetId());
        for (ShardEntry shard : manifest.shards(split)) {
            store.download(Buckets.DATASETS, prefix + shard.key(), LocalPaths.under(dir, shard.key()));
        }
    }
}
