package dev.prequel.serving.registry;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import dev.prequel.model.predict.ClassifierClosedException;

/**
 * The model served for each model line. A promotion swaps the entry atomically; requests that hold the old
 * version finish on it, and it is closed when the last of them is done. No request ever fails for a swap.
 */
@ApplicationScoped
public class ModelRegistry {

    private final Map<String, ServedModel> current = new ConcurrentHashMap<>();

    /** Puts {@code next} in service and retires what it replaces. */
    public void swap(ServedModel next) {
        ServedModel previous = current.put(next.model(), next);
        if (previous != null && previous != next) {
            previous.classifier().close(); // closes once its running calls are done
        }
    }

    public Optional<String> versionOf(String model) {
        return Optional.ofNullable(current.get(model)).map(ServedModel::version);
    }

    public Set<String> models() {
        return Set.copyOf(current.keySet());
    }

    public boolean isEmpty() {
        return current.isEmpty();
    }

    /**
     * Runs {@code work} with the current version of {@code model}; a swap during the call lets it finish on
     * the version it started with.
     *
     * @return empty when no version of the model is loaded
     */
    public <T> Optional<T> withModel(String model, Function<ServedModel, T> work) {
        while (true) {
            ServedModel served = current.get(model);
            if (served == null) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(work.apply(served));
            } catch (ClassifierClosedException e) {
                // Retired between the lookup and the call: the map already holds its successor.
                if (current.get(model) == served) {
                    throw e;
                }
            }
        }
    }
}
