package dev.prequel.model.train;

import java.util.Locale;

/**
 * How the learning rate moves over a job. {@code CONSTANT} keeps the configured rate. {@code COSINE} decays it from
 * the configured rate towards zero along half a cosine, one value per epoch, so a job ends on weights that have
 * settled. The two per-batch schedules set a new rate before every update, from the update's position in the whole
 * job (so a resumed job takes the same rates): {@code WARMUP_COSINE} rises linearly from zero to the rate over the
 * warm-up share of the updates, then falls to zero along half a cosine; {@code ONE_CYCLE} rises linearly from a
 * 25th of the rate to the rate over the warm-up, then falls linearly to zero (the triangular cycle of the fast
 * CIFAR-10 recipes).
 */
public enum LearningRateSchedule {
    CONSTANT, COSINE, WARMUP_COSINE, ONE_CYCLE;

    /** One-cycle starts at the rate divided by this (PyTorch's {@code OneCycleLR} default). */
    static final float ONE_CYCLE_DIV = 25f;

    /** Parses {@code constant}, {@code cosine}, {@code warmup-cosine}, {@code one-cycle} (case insensitive). */
    public static LearningRateSchedule parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("learning-rate schedule must be constant, cosine, warmup-cosine or "
                    + "one-cycle, was '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the rate changes with every update rather than once per epoch. */
    public boolean perBatch() {
        return this == WARMUP_COSINE || this == ONE_CYCLE;
    }

    /** The rate of epoch {@code epoch} (1-based) of {@code epochs}, for the per-epoch schedules. */
    public float rate(float base, int epoch, int epochs) {
        if (this == COSINE && epochs > 1) {
            return (float) (base * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)));
        }
        return base;
    }

    /**
     * The rate of update {@code step} (0-based, counted over the whole job) of {@code steps}, with the first
     * {@code warmup} share of them warming up; the per-epoch schedules give their epoch's rate.
     */
    public float rate(float base, int epoch, int epochs, long step, long steps, float warmup) {
        if (!perBatch()) {
            return rate(base, epoch, epochs);
        }
        long total = Math.max(1, steps);
        long s = Math.min(Math.max(0, step), total - 1);
        long warm = Math.min(total - 1, Math.round((double) warmup * total));
        if (s < warm) {
            double up = (double) (s + 1) / warm;
            double from = this == ONE_CYCLE ? base / ONE_CYCLE_DIV : 0;
            return (float) (from + (base - from) * up);
        }
        double down = (double) (s - warm) / (total - warm); // the peak first, never quite zero
        if (this == ONE_CYCLE) {
            return (float) (base * (1 - down));
        }
        return (float) (base * 0.5 * (1 + Math.cos(Math.PI * down)));
    }
}
