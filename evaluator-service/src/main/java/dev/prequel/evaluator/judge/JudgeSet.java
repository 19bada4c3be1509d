package dev.prequel.evaluator.judge;

import dev.prequel.events.Buckets;
import dev.prequel.events.Ids;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.Example;
import dev.prequel.model.shard.LocalShards;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.runtime.storage.LocalPaths;
import dev.prequel.runtime.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The examples a candidate and the champion are both scored on: the test splits of the given datasets, labelled
 * by class name in one class list, capped per class deterministically (the examples with the smallest content
 * hashes are kept, so the same datasets always give the same set, whatever order they are read in).
 *
 * @param classes class names; an example's label indexes this list
 * @param datasets the datasets that contributed, in the order given
 */
public record JudgeSet(List<String> classes, List<Example> examples, List<String> datasets, ImageShape shape) {

    public int size() {
        return examples.size();
    }

    /** The examples of one class per class name, for reports. */
    public Map<String, Integer> perClass() {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        classes.forEach(c -> counts.put(c, 0));
        examples.forEach(e -> counts.merge(classes.get(e.label()), 1, Integer::sum));
        return counts;
    }

    public static JudgeSet build(ObjectStore store, String model, List<String> datasetIds, ImageShape shape,
            int maxPerClass, Path dir) {
        List<String> classes = new ArrayList<>();
        Map<Integer, PriorityQueue<Keyed>> kept = new HashMap<>();
        List<String> used = new ArrayList<>();
        for (String id : datasetIds) {
            DatasetManifest manifest = DatasetManifest.fromJson(store.read(Buckets.DATASETS,
                    Buckets.manifestKey(model, id)));
            if (!manifest.shape().equals(shape)) {
                continue; // data of another input shape cannot be fed to this candidate
            }
            used.add(id);
            Path local = dir.resolve(id);
            for (ShardEntry shard : manifest.shards(DatasetManifest.TEST)) {
                store.download(Buckets.DATASETS, Buckets.datasetPrefix(model, id) + shard.key(),
                        LocalPaths.under(local, shard.key()));
            }
            int[] toJudge = new int[manifest.classes().size()];
            for (int i = 0; i < toJudge.length; i++) {
                String name = manifest.classes().get(i);
                if (!classes.contains(name)) {
                    classes.add(name);
                }
                toJudge[i] = classes.indexOf(name);
            }
            for (Example e : LocalShards.split(local, manifest, DatasetManifest.TEST)) {
                int label = toJudge[e.label()];
                PriorityQueue<Keyed> queue = kept.computeIfAbsent(label,
                        l -> new PriorityQueue<>(Comparator.comparingLong(Keyed::hash).reversed()));
                Keyed k = new Keyed(hash(e.pixels()), new Example(label, e.pixels()));
                if (queue.size() < maxPerClass) {
                    queue.add(k);
                } else if (k.hash() < queue.peek().hash()) {
                    queue.poll();
                    queue.add(k);
                }
            }
        }
        List<Keyed> all = new ArrayList<>();
        kept.values().forEach(all::addAll);
        all.sort(Comparator.comparingInt((Keyed k) -> k.example().label()).thenComparingLong(Keyed::hash));
        return new JudgeSet(List.copyOf(classes), all.stream().map(Keyed::example).toList(), List.copyOf(used), shape);
    }

    private record Keyed(long hash, Example example) {
    }

    private static long hash(byte[] pixels) {
        return ByteBuffer.wrap(Ids.sha256().digest(pixels)).getLong();
    }
}
