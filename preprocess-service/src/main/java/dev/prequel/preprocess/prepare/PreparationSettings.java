package dev.prequel.preprocess.prepare;

import dev.prequel.model.image.ImageShape;
import dev.prequel.preprocess.drop.DropLimits;
import dev.prequel.runtime.config.LineSettings;

/**
 * How one model line's drops are prepared: {@code prequel.preprocess.*}, overridable per line with
 * {@code prequel.lines.<model>.*} (see application.properties for what each means and its default).
 */
public record PreparationSettings(ImageShape shape, int validationPercent, int testPercent, int shardSize,
        double maxRejectedShare, int minExamplesPerClass, long maxImagePixels, boolean acceptNewClasses,
        DropLimits limits) {

    public static PreparationSettings forLine(LineSettings s, String model) {
        return new PreparationSettings(
                new ImageShape(s.getInt(model, "channels"), s.getInt(model, "height"), s.getInt(model, "width")),
                s.getInt(model, "validation-percent"), s.getInt(model, "test-percent"), s.getInt(model, "shard-size"),
                s.get(model, "max-rejected-share", Double.class), s.getInt(model, "min-examples-per-class"),
                s.get(model, "max-image-pixels", Long.class), s.get(model, "accept-new-classes", Boolean.class),
                new DropLimits(s.getInt(model, "max-entries"), s.get(model, "max-uncompressed-bytes", Long.class),
                        s.get(model, "max-entry-bytes", Long.class), s.get(model, "max-compression-ratio", Double.class)));
    }
}
