package dev.prequel.preprocess.prepare;

import dev.prequel.preprocess.drop.DropRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * The class list a dataset is prepared with. A line without a champion takes the drop's own classes. A line
 * with one keeps the champion's list, in its order, so label indices keep their meaning for fine-tuning. Labels
 * the champion does not know are refused by default ({@code unknown-label}); with
 * {@code prequel.preprocess.accept-new-classes=true} they are appended after the champion's classes. The trainer
 * then cannot fine-tune the champion (its output layer has fewer classes) and trains the line from its base model
 * or from scratch.
 */
public final class ClassPolicy {
    private ClassPolicy() {
    }

    /** @param champion the champion's classes, or null when the line has none */
    public static List<String> resolve(List<String> champion, List<String> drop, boolean acceptNewClasses) {
        if (champion == null) {
            return List.copyOf(drop);
        }
        List<String> unknown = drop.stream().filter(c -> !champion.contains(c)).toList();
        if (unknown.isEmpty()) {
            return List.copyOf(champion);
        }
        if (!acceptNewClasses) {
            throw new DropRejectedException("unknown-label", "labels " + unknown + " are not classes of the model line "
                    + champion + " (set prequel.preprocess.accept-new-classes=true to add them; the line is then"
                    + " retrained from scratch)");
        }
        List<String> classes = new ArrayList<>(champion);
        classes.addAll(unknown);
        return List.copyOf(classes);
    }
}
