package dev.prequel.model.train;

import java.util.Locale;

/**
 * How the learning rate moves over a job's epochs. {@code COSINE} decays it from the configured rate towards zero
 * along half a cosine, one value per epoch: the last epochs take small steps, so a job ends on weights that have
 * settled instead of wherever the last full-size steps left them, which matters most when fine-tuning a good parent.
 * Per epoch (not per batch) so the rate depends only on the epoch number, which keeps resumed jobs exact.
 */
public enum LearningRateSchedule {
    CONSTANT, COSINE;

    /** Parses {@code constant} or {@code cosine} (case insensitive). */
    public static LearningRateSchedule parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("learning-rate schedule must be constant or cosine, was '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rate of epoch {@code epoch} (1-based) of {@code epochs}. */
    public float rate(float base, int epoch, int epochs) {
        if (this == CONSTANT || epochs <= 1) {
            return base;
        }
        return (float) (base * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)));
    }
}
