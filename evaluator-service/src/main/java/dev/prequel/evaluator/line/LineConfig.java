package dev.prequel.evaluator.line;

import dev.prequel.runtime.config.LineSettings;
import java.util.Locale;

/**
 * The evaluator's per-line settings ({@code prequel.evaluator.*}, overridable with {@code prequel.lines.<model>.*}),
 * read when a decision is made, so a line's override applies to its next decision.
 */
public final class LineConfig {

    /** What happens to a drop that preprocess flagged as drifted. */
    public enum OnDrift { HOLD, JUDGE }

    private final LineSettings settings = new LineSettings("evaluator");

    public OnDrift onDrift(String model) {
        String value = settings.getString(model, "on-drift").trim().toUpperCase(Locale.ROOT);
        try {
            return OnDrift.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prequel.evaluator.on-drift must be hold or judge, was " + value);
        }
    }

    public ReplayPlan replay(String model) {
        return new ReplayPlan(settings.get(model, "replay-share", Double.class),
                settings.get(model, "replay-max-examples", Long.class));
    }

    public int judgeMaxPerClass(String model) {
        return settings.getInt(model, "judge-max-per-class");
    }

    public double minAccuracy(String model) {
        return settings.get(model, "min-accuracy", Double.class);
    }

    public double confidence(String model) {
        return settings.get(model, "confidence", Double.class);
    }

    public double classRegressionMargin(String model) {
        return settings.get(model, "class-regression-margin", Double.class);
    }

    public int minJudgeExamples(String model) {
        return settings.getInt(model, "min-judge-examples");
    }

    public int bootstrapResamples(String model) {
        return settings.getInt(model, "bootstrap-resamples");
    }
}
