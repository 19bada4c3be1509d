package dev.prequel.evaluator.line;

import dev.prequel.events.EventJson;
import dev.prequel.events.ModelPromoted;
import dev.prequel.runtime.champion.ChampionStore;
import dev.prequel.events.Buckets;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The line ledgers in the models bucket, {@code <model>/ledger.json}. Written only by the owner of the line's
 * partition, one record at a time, each write one revision on from the ledger its decision was read from. A replica
 * that lost the partition in a rebalance while it worked (a zombie owner) finds the stored revision moved on and
 * writes nothing ({@link LedgerConflictException}). The check and the put are two S3 calls, not one conditional
 * write, so a window of milliseconds remains; a rebalance takes seconds. The champion pointer ({@code champion.json})
 * is derived from the ledger for the services that read the champion.
 */
@ApplicationScoped
public class LedgerStore {

    private final ObjectStore store;
    private final ChampionStore champions;

    public LedgerStore(ObjectStore store, ChampionStore champions) {
        this.store = store;
        this.champions = champions;
    }

    public static String key(String model) {
        return model + "/ledger.json";
    }

    public LineLedger read(String model) {
        return store.readIfExists(Buckets.MODELS, key(model)).map(b -> EventJson.read(b, LineLedger.class))
                .orElseGet(() -> LineLedger.empty(model));
    }

    public boolean exists(String model) {
        return store.exists(Buckets.MODELS, key(model));
    }

    /**
     * Records the ledger; the decision it holds is made from here on.
     *
     * @throws LedgerConflictException when the stored ledger is not the one {@code ledger} was derived from
     */
    public void write(LineLedger ledger) {
        long stored = read(ledger.model()).revision();
        if (stored != ledger.revision() - 1) {
            throw new LedgerConflictException(ledger.model(), ledger.revision() - 1, stored);
        }
        store.put(Buckets.MODELS, key(ledger.model()), EventJson.writeBytes(ledger), "application/json");
    }

    /** Keeps {@code champion.json} equal to the ledger's champion (after a crash between the two, on redelivery). */
    public void syncChampionPointer(ModelPromoted promoted) {
        if (champions.current(promoted.model()).map(c -> !c.version().equals(promoted.version())).orElse(true)) {
            champions.set(promoted);
        }
    }
}
