package dev.prequel.preprocess.prepare;

import dev.prequel.events.EventJson;
import dev.prequel.preprocess.codelength.ChampionCodeLength;
import dev.prequel.preprocess.drift.DriftCheck;
import dev.prequel.preprocess.drift.DriftReport;
import java.time.Instant;
import java.util.Map;

/**
 * {@code stats.json} of a prepared dataset: what was seen, kept and left out, how the classes and pixels are
 * distributed, how it compares with the line's previous dataset and, when the line has a champion, its code length
 * under it. Also the reference the next dataset's drift is measured against.
 *
 * @param filesSeen inputs seen: files, or records of IDX / CIFAR files, plus skipped archive entries
 * @param dropped inputs left out, by reason (duplicates and system files included)
 * @param channelMean per-channel mean of the train split on the [0, 1] scale (the manifest's normalisation)
 * @param originalSizes kept examples by their size before conversion, {@code <width>x<height>}
 * @param drift the comparison with the previous dataset; null for a line's first dataset
 * @param bitsPerLabel mean -log2 p(true label) of the whole drop (every split) under the champion; null without a
 *     comparable one
 * @param codedExamples the examples that were encoded (all of the drop unless capped); null with no bits per label
 * @param totalBits their sum of -log2 p(true label); null with no bits per label
 */
public record DatasetStats(String model, String datasetId, String format, int filesSeen, int examplesKept,
        Map<String, Integer> perClass, Map<String, Integer> splits, Map<String, Integer> dropped, int duplicates,
        int duplicatesOfEarlier, float[] channelMean, float[] channelStd, Map<String, Integer> originalSizes,
        DriftReport drift, Double bitsPerLabel, Instant createdAt, Integer codedExamples, Double totalBits) {

    public static DatasetStats of(DropPreparation.Result result) {
        var m = result.manifest();
        var r = result.report();
        return new DatasetStats(m.model(), m.datasetId(), result.format(), r.seen(), r.kept(), r.perClass(), m.splits(),
                r.droppedByReason(), r.count(PreparationReport.DUPLICATE),
                r.count(PreparationReport.DUPLICATE_OF_EARLIER), m.mean(), m.std(), r.originalSizes(), null, null,
                m.createdAt(), null, null);
    }

    public DatasetStats with(DriftReport driftReport, ChampionCodeLength.Measured bits) {
        return new DatasetStats(model, datasetId, format, filesSeen, examplesKept, perClass, splits, dropped, duplicates,
                duplicatesOfEarlier, channelMean, channelStd, originalSizes, driftReport,
                bits == null ? null : bits.bitsPerLabel(), createdAt, bits == null ? null : bits.examples(),
                bits == null ? null : bits.totalBits());
    }

    public DriftCheck.Profile profile() {
        return new DriftCheck.Profile(datasetId, perClass == null ? Map.of() : perClass, channelMean, channelStd);
    }

    public boolean driftFlagged() {
        return drift != null && drift.flagged();
    }

    public byte[] toJson() {
        return EventJson.writeBytes(this);
    }

    public static DatasetStats fromJson(byte[] json) {
        return EventJson.read(json, DatasetStats.class);
    }
}
