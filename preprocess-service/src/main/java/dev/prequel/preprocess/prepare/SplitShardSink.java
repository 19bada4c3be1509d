package dev.prequel.preprocess.prepare;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.shard.DatasetManifest;
import dev.prequel.model.shard.ShardEntry;
import dev.prequel.model.shard.ShardFormat;
import dev.prequel.model.shard.ShardWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes examples into shard files per split in a local directory, rolling to a new shard every
 * {@code shardSize} examples, and accumulates the train split's per-channel statistics on the way.
 */
final class SplitShardSink implements AutoCloseable {

    private final Path directory;
    private final ImageShape shape;
    private final int shardSize;
    private final Map<String, ShardWriter> open = new HashMap<>();
    private final Map<String, OutputStream> streams = new HashMap<>();
    private final Map<String, String> openKeys = new HashMap<>();
    private final Map<String, Integer> shardCounts = new HashMap<>();
    private final Map<String, Integer> splitCounts = new HashMap<>();
    private final List<ShardEntry> finished = new ArrayList<>();
    /** Exact integer sums of the train split's pixel values (0..255) and their squares, per channel. */
    private final long[] sum;
    private final long[] sumSquares;
    private long trainPixelsPerChannel;

    SplitShardSink(Path directory, ImageShape shape, int shardSize) {
        this.directory = directory;
        this.shape = shape;
        this.shardSize = shardSize;
        this.sum = new long[shape.channels()];
        this.sumSquares = new long[shape.channels()];
    }

    void write(String split, int label, byte[] pixels) {
        ShardWriter writer = open.computeIfAbsent(split, this::newShard);
        writer.write(label, pixels);
        splitCounts.merge(split, 1, Integer::sum);
        if (DatasetManifest.TRAIN.equals(split)) {
            accumulate(pixels);
        }
        if (writer.examples() >= shardSize) {
            finish(split);
        }
    }

    private void accumulate(byte[] pixels) {
        int area = shape.area();
        for (int c = 0; c < shape.channels(); c++) {
            long s = 0;
            long squares = 0;
            for (int i = c * area, end = i + area; i < end; i++) {
                int v = pixels[i] & 0xff;
                s += v;
                squares += v * v;
            }
            sum[c] += s;
            sumSquares[c] += squares;
        }
        trainPixelsPerChannel += area;
    }

    private ShardWriter newShard(String split) {
        int index = shardCounts.merge(split, 1, Integer::sum) - 1;
        String key = ShardFormat.key(split, index);
        try {
            OutputStream out = Files.newOutputStream(directory.resolve(key));
            streams.put(split, out);
            openKeys.put(split, key);
            return new ShardWriter(out, shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void finish(String split) {
        ShardWriter writer = open.remove(split);
        try {
            writer.finish();
            streams.remove(split).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finished.add(writer.entry(split, openKeys.remove(split)));
    }

    /** Closes every open shard; afterwards {@link #shards()} lists them all. */
    @Override
    public void close() {
        for (String split : List.copyOf(open.keySet())) {
            finish(split);
        }
    }

    List<ShardEntry> shards() {
        return List.copyOf(finished);
    }

    Map<String, Integer> splitCounts() {
        return Map.copyOf(splitCounts);
    }

    float[] mean() {
        float[] mean = new float[shape.channels()];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = trainPixelsPerChannel == 0 ? 0f : (float) (sum[c] / 255.0 / trainPixelsPerChannel);
        }
        return mean;
    }

    float[] std() {
        float[] std = new float[shape.channels()];
        for (int c = 0; c < std.length; c++) {
            double mean = trainPixelsPerChannel == 0 ? 0 : sum[c] / 255.0 / trainPixelsPerChannel;
            double var = trainPixelsPerChannel == 0 ? 1
                    : sumSquares[c] / (255.0 * 255.0) / trainPixelsPerChannel - mean * mean;
            std[c] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, var)));
        }
        return std;
    }
}
