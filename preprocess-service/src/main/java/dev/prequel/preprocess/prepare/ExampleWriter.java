package dev.prequel.preprocess.prepare;

import dev.prequel.events.Ids;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.preprocess.drop.DropRejectedException;
import dev.prequel.preprocess.format.Sample;
import dev.prequel.preprocess.format.SampleSink;
import dev.prequel.preprocess.split.SplitAssigner;
import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One path for every sample, whatever its format: decode when encoded, convert to the line's shape, hash the
 * converted pixels, drop duplicates (within the drop and against the line's earlier datasets), assign the split
 * from the hash and write the example to its shard.
 */
final class ExampleWriter implements SampleSink {

    private final PreparationSettings settings;
    private final Map<String, Integer> labelIndex = new HashMap<>();
    private final Set<ContentHash> earlier;
    private final SplitAssigner splits;
    private final SplitShardSink shards;
    private final PreparationReport report;
    private final DropPreparation.Rejections rejections;
    private final Set<ContentHash> seen = new HashSet<>();
    private final List<ContentHash> kept = new ArrayList<>();
    private final MessageDigest sha256 = Ids.sha256();

    ExampleWriter(PreparationSettings settings, List<String> classes, Set<ContentHash> earlier, SplitAssigner splits,
            SplitShardSink shards, PreparationReport report, DropPreparation.Rejections rejections) {
        this.settings = settings;
        for (int i = 0; i < classes.size(); i++) {
            labelIndex.put(classes.get(i), i);
        }
        this.earlier = earlier;
        this.splits = splits;
        this.shards = shards;
        this.report = report;
        this.rejections = rejections;
    }

    @Override
    public void accept(Sample sample) {
        Integer label = labelIndex.get(sample.label());
        if (label == null) {
            reject(sample.subject(), "unknown-label", "label '" + sample.label() + "' is not one of the classes "
                    + labelIndex.keySet());
            return;
        }
        byte[] pixels;
        String originalSize;
        try {
            if (sample instanceof Sample.Encoded encoded) {
                BufferedImage image = ImageDecoder.decode(encoded.bytes(), settings.maxImagePixels());
                originalSize = image.getWidth() + "x" + image.getHeight();
                pixels = PixelConverter.toPixels(image, settings.shape());
            } else {
                Sample.Raw raw = (Sample.Raw) sample;
                originalSize = raw.shape().width() + "x" + raw.shape().height();
                pixels = PixelConverter.toPixels(raw.pixels(), raw.shape(), settings.shape());
            }
        } catch (ImageRejectedException e) {
            reject(sample.subject(), e.reason(), e.getMessage());
            return;
        } catch (DropRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // An image library failing on one odd file must not fail the whole drop.
            reject(sample.subject(), ImageRejectedException.CORRUPT_IMAGE, "cannot convert: " + e);
            return;
        }
        byte[] digest = sha256.digest(pixels);
        ContentHash hash = ContentHash.of(digest);
        if (!seen.add(hash)) {
            reject(sample.subject(), PreparationReport.DUPLICATE, "same pixels as an earlier image of this drop");
        } else if (earlier.contains(hash)) {
            reject(sample.subject(), PreparationReport.DUPLICATE_OF_EARLIER, "already in an earlier dataset of the line");
        } else {
            shards.write(splits.splitOf(digest), label, pixels);
            kept.add(hash);
            report.kept(sample.label(), originalSize);
        }
    }

    @Override
    public void reject(String subject, String reason, String detail) {
        rejections.rejected(subject, reason, detail);
    }

    List<ContentHash> keptHashes() {
        return kept;
    }
}
