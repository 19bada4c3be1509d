package dev.prequel.runtime.champion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prequel.events.Buckets;
import dev.prequel.events.EventJson;
import dev.prequel.events.ModelPromoted;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model line's champion as the models bucket records it ({@code <model>/champion.json}, the last
 * promotion event). The evaluator writes it; the trainer fine-tunes from it; preprocess keeps class lists
 * compatible with it. Serving follows the promotion topic instead.
 */
@ApplicationScoped
public class ChampionStore {

    private final ObjectStore store;

    public ChampionStore(ObjectStore store) {
        this.store = store;
    }

    public Optional<ModelPromoted> current(String model) {
        return store.readIfExists(Buckets.MODELS, Buckets.championKey(model))
                .map(bytes -> EventJson.read(bytes, ModelPromoted.class));
    }

    public void set(ModelPromoted promotion) {
        store.put(Buckets.MODELS, Buckets.championKey(promotion.model()), EventJson.writeBytes(promotion),
                "application/json");
    }

    /** The class names a stored model version predicts, in label order. */
    public List<String> classesOf(String model, String version) {
        try {
            JsonNode json = EventJson.mapper().readTree(store.read(Buckets.MODELS, Buckets.modelJsonKey(model, version)));
            List<String> classes = new ArrayList<>();
            json.path("classes").forEach(c -> classes.add(c.asText()));
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException("model.json of " + model + "/" + version + " is unreadable", e);
        }
    }
}
