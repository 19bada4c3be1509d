package dev.prequel.evaluator.promotion;

import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.runtime.champion.ChampionStore;
import dev.prequel.runtime.messaging.EventPublisher;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Makes a version the champion: records it in the models bucket and publishes {@code models.promoted}.
 * The evaluator's verdicts and a human's pin or rollback take this one path.
 */
@ApplicationScoped
public class Promoter {

    private static final Logger LOG = Logger.getLogger(Promoter.class);

    private final ObjectStore store;
    private final ChampionStore champions;
    private final EventPublisher publisher;

    public Promoter(ObjectStore store, ChampionStore champions, EventPublisher publisher) {
        this.store = store;
        this.champions = champions;
        this.publisher = publisher;
    }

    /** @throws IllegalArgumentException when the version does not exist in the models bucket */
    public ModelPromoted promote(String model, String version, Double accuracy, String reason, String correlationId) {
        if (!store.exists(Buckets.MODELS, Buckets.modelJsonKey(model, version))) {
            throw new IllegalArgumentException("no stored version " + version + " of model " + model);
        }
        String previous = champions.current(model).map(ModelPromoted::version).orElse(null);
        ModelPromoted promoted = new ModelPromoted(model, version, previous, Buckets.modelPrefix(model, version),
                accuracy, reason, Instant.now(), correlationId);
        champions.set(promoted);
        publisher.publish(promoted);
        LOG.infof("promoted %s/%s (%s), replacing %s", model, version, reason, previous);
        return promoted;
    }
}
