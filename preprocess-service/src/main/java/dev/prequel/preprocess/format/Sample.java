package dev.prequel.preprocess.format;

import dev.prequel.model.image.ImageShape;

/**
 * One labelled image as a format hands it over: still encoded (PNG, JPEG, ...) or already raw pixels (an IDX or
 * CIFAR record). Preparation turns both into the line's shape the same way from here on.
 *
 * @param subject where it came from inside the drop: a path, or {@code path#record} for a record of a file
 */
public sealed interface Sample permits Sample.Encoded, Sample.Raw {

    String subject();

    String label();

    record Encoded(String subject, String label, byte[] bytes) implements Sample {
    }

    /** @param pixels CHW bytes of {@code shape} */
    record Raw(String subject, String label, byte[] pixels, ImageShape shape) implements Sample {
    }
}
