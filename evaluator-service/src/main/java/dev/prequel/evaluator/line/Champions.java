package dev.prequel.evaluator.line;

import dev.prequel.evaluator.line.LineLedger.ChampionChange;
import dev.prequel.events.Buckets;
import dev.prequel.events.ModelPromoted;
import dev.prequel.runtime.messaging.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Announces a champion change the ledger recorded: the pointer other services read, then {@code models.promoted}.
 * The event is built from the recorded change, so announcing it again after a crash is the same event.
 */
@ApplicationScoped
public class Champions {

    private static final Logger LOG = Logger.getLogger(Champions.class);

    private final LedgerStore ledgers;
    private final EventPublisher publisher;
    private final MeterRegistry meters;

    public Champions(LedgerStore ledgers, EventPublisher publisher, MeterRegistry meters) {
        this.meters = meters;
        this.ledgers = ledgers;
        this.publisher = publisher;
    }

    public static ModelPromoted event(String model, ChampionChange change, String correlationId) {
        return new ModelPromoted(model, change.version(), change.previousVersion(),
                Buckets.modelPrefix(model, change.version()), change.accuracy(), change.cause(), change.at(),
                correlationId);
    }

    public ModelPromoted announce(String model, ChampionChange change, String correlationId) {
        ModelPromoted promoted = event(model, change, correlationId);
        ledgers.syncChampionPointer(promoted);
        publisher.publish(promoted);
        meters.counter("prequel.evaluator.promotions", "model", model, "reason", String.valueOf(change.cause()))
                .increment();
        LOG.infof("champion of %s is %s (%s), replacing %s", model, change.version(), change.cause(),
                change.previousVersion());
        return promoted;
    }
}
