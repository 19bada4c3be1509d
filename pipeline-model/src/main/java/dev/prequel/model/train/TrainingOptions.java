package dev.prequel.model.train;

import java.util.Locale;
import java.util.Map;

/**
 * The parts of a training regimen beyond rate, batch and epochs: the optimizer and its weight decay, label smoothing,
 * the warm-up share of the per-batch schedules, and which epoch's weights are kept. {@link #DEFAULTS} is how every
 * job trained before these were settings: Adam, no weight decay, no smoothing, the last epoch kept.
 *
 * @param optimizer {@code adam}, {@code adamw} (weight decay applied to the weights, not through the gradient) or
 *     {@code sgd}
 * @param momentum SGD's momentum (ignored by Adam)
 * @param nesterov SGD with Nesterov's look-ahead momentum
 * @param weightDecay L2 penalty per update (Adam, SGD) or decoupled decay (AdamW); 0 for none
 * @param labelSmoothing share of the target spread evenly over all classes, 0 for plain cross-entropy
 * @param warmup share of the job's updates over which the per-batch schedules rise to the rate
 * @param keepBest end on the weights of the epoch with the best validation accuracy (the earliest of equals)
 *     instead of the last epoch's
 * @param patience stop after this many epochs in a row without a better validation accuracy; 0 never stops early
 */
public record TrainingOptions(String optimizer, float momentum, boolean nesterov, float weightDecay,
        float labelSmoothing, float warmup, boolean keepBest, int patience) {

    public static final String ADAM = "adam";
    public static final String ADAMW = "adamw";
    public static final String SGD = "sgd";

    public static final TrainingOptions DEFAULTS = new TrainingOptions(ADAM, 0.9f, false, 0f, 0f, 0.1f, false, 0);

    public TrainingOptions {
        optimizer = optimizer == null ? ADAM : optimizer.trim().toLowerCase(Locale.ROOT);
        if (!optimizer.equals(ADAM) && !optimizer.equals(ADAMW) && !optimizer.equals(SGD)) {
            throw new IllegalArgumentException("optimizer must be adam, adamw or sgd, was '" + optimizer + "'");
        }
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || Float.isInfinite(weightDecay)
                || !(labelSmoothing >= 0 && labelSmoothing < 1) || !(warmup >= 0 && warmup < 1) || patience < 0) {
            throw new IllegalArgumentException("invalid training options: momentum " + momentum + " [0, 1), weight "
                    + "decay " + weightDecay + " (>= 0), label smoothing " + labelSmoothing + " [0, 1), warm-up "
                    + warmup + " [0, 1), patience " + patience + " (>= 0)");
        }
        if (nesterov && (!optimizer.equals(SGD) || momentum == 0)) {
            throw new IllegalArgumentException("nesterov needs the sgd optimizer with a momentum above 0");
        }
    }

    public boolean isSgd() {
        return optimizer.equals(SGD);
    }

    /**
     * What of these options determines the trained weights, for the version id: empty at the defaults, so the
     * versions of jobs configured as before stay what they were. The warm-up counts only for a per-batch schedule.
     */
    public String signature(LearningRateSchedule schedule) {
        StringBuilder s = new StringBuilder();
        if (!optimizer.equals(ADAM) || weightDecay != 0) {
            s.append(";opt=").append(optimizer).append(";wd=").append(weightDecay);
        }
        if (isSgd()) {
            s.append(";mom=").append(momentum).append(";nesterov=").append(nesterov);
        }
        if (labelSmoothing != 0) {
            s.append(";ls=").append(labelSmoothing);
        }
        if (schedule.perBatch()) {
            s.append(";warmup=").append(warmup);
        }
        if (keepBest) {
            s.append(";best=true");
        }
        if (patience > 0) {
            s.append(";patience=").append(patience);
        }
        return s.toString();
    }

    /** Adds these options to {@code model.json}'s hyper-parameters. */
    void record(Map<String, String> map, LearningRateSchedule schedule) {
        map.put("optimizer", optimizer);
        if (isSgd()) {
            map.put("momentum", Float.toString(momentum));
            map.put("nesterov", Boolean.toString(nesterov));
        }
        map.put("weightDecay", Float.toString(weightDecay));
        map.put("labelSmoothing", Float.toString(labelSmoothing));
        if (schedule.perBatch()) {
            map.put("learningRateWarmup", Float.toString(warmup));
        }
        map.put("keepBestEpoch", Boolean.toString(keepBest));
        map.put("earlyStopPatience", Integer.toString(patience));
    }
}
