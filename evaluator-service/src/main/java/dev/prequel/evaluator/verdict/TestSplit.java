package dev.prequel.evaluator.verdict;

import dev.prequel.events.Buckets;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.runtime.storage.ObjectStore;
import java.nio.file.Path;

/** Copies one dataset's test split to a local directory and streams it (verified against the manifest). */
final class TestSplit {
    private TestSplit() {
    }

    static LocalShards fetch(ObjectStore store, String model, String datasetId, Path dir) {
        DatasetManifest manifest = DatasetManifest.fromJson(store.read(Buckets.DATASETS, Buckets.manifestKey(model, datasetId)));
        String prefix = Buckets.datasetPrefix(model, datasetId);
        for (ShardEntry shard : manifest.shards(DatasetManifest.TEST)) {
            store.download(Buckets.DATASETS, prefix + shard.key(), dir.resolve(shard.key()));
        }
        return LocalShards.split(dir, manifest, DatasetManifest.TEST);
    }
}
