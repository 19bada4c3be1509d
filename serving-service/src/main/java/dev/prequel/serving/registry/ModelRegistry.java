package dev.prequel.serving.registry;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versions loaded for each model line: the served one and the one it replaced, kept loaded so a rollback is
 * instant and a client may still name it. A promotion swaps them atomically; the version pushed out is retired
 * and closes once its last user is done, so no request fails for a swap.
 */
@ApplicationScoped
public class ModelRegistry {

    /** The served version and its predecessor (null before the second promotion). */
    record Line(ServedModel current, ServedModel previous) {
    }

    private final Map<String, Line> lines = new ConcurrentHashMap<>();

    /** Serves {@code next}; the current version becomes the previous one, and the previous one is retired. */
    public void promote(ServedModel next) {
        ServedModel[] retired = new ServedModel[1];
        lines.compute(next.model(), (model, line) -> {
            if (line == null) {
                return new Line(next, null);
            }
            retired[0] = line.previous();
            return new Line(next, line.current());
        });
        if (retired[0] != null) {
            retired[0].retire();
        }
    }

    /**
     * Makes the loaded previous version the served one again (a rollback), without loading anything.
     *
     * @return false when {@code version} is not the line's previous version
     */
    public boolean restorePrevious(String model, String version) {
        boolean[] restored = new boolean[1];
        lines.computeIfPresent(model, (m, line) -> {
            if (line.previous() != null && line.previous().version().equals(version)) {
                restored[0] = true;
                return new Line(line.previous(), line.current());
            }
            return line;
        });
        return restored[0];
    }

    public Optional<ServedModel> current(String model) {
        return Optional.ofNullable(lines.get(model)).map(Line::current);
    }

    /** The served or the previous version of the line, when it is the one named. */
    public Optional<ServedModel> find(String model, String version) {
        Line line = lines.get(model);
        if (line == null) {
            return Optional.empty();
        }
        if (line.current().version().equals(version)) {
            return Optional.of(line.current());
        }
        return Optional.ofNullable(line.previous()).filter(p -> p.version().equals(version));
    }

    /** The versions a client may name, the served one first. */
    public List<String> versions(String model) {
        Line line = lines.get(model);
        List<String> out = new ArrayList<>();
        if (line != null) {
            out.add(line.current().version());
            if (line.previous() != null) {
                out.add(line.previous().version());
            }
        }
        return out;
    }

    public Optional<String> versionOf(String model) {
        return current(model).map(ServedModel::version);
    }

    public Set<String> models() {
        return Set.copyOf(lines.keySet());
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Retires every version, for shutdown. */
    public void retireAll() {
        for (String model : models()) {
            Line line = lines.remove(model);
            if (line != null) {
                line.current().retire();
                if (line.previous() != null) {
                    line.previous().retire();
                }
            }
        }
    }
}
