package dev.prequel.evaluator.line;

import dev.prequel.evaluator.line.LineLedger.ChampionChange;
import dev.prequel.evaluator.line.LineLedger.CommandOutcome;
import dev.prequel.events.Buckets;
import dev.prequel.events.LineCommand;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Applies an operator's pin or rollback through the line's owner, in order with its verdicts, so it never races an
 * evaluation. Each command is applied (or refused) once; a redelivered command changes nothing.
 */
@ApplicationScoped
public class LineCommands {

    private final LedgerStore ledgers;
    private final ObjectStore store;
    private final Champions champions;
    private final ErrorReporter errors;

    public LineCommands(LedgerStore ledgers, ObjectStore store, Champions champions, ErrorReporter errors) {
        this.ledgers = ledgers;
        this.store = store;
        this.champions = champions;
        this.errors = errors;
    }

    public void onCommand(LineCommand command) {
        String model = command.model();
        LineLedger ledger = ledgers.read(model);
        if (ledger.command(command.commandId()).isPresent()) {
            // Decided already. Announce it again only while it is still the champion (a crash may have come
            // between recording and announcing); an older pin announced again would move the champion back.
            ledger.champion().filter(c -> c.source().equals(command.commandId()))
                    .ifPresent(c -> champions.announce(model, c, command.correlationId()));
            return;
        }
        String previous = ledger.championVersion().orElse(null);
        Instant now = Instant.now();
        if (!LineCommand.PIN.equals(command.action()) && !LineCommand.ROLLBACK.equals(command.action())) {
            refuse(ledger, command, "unknown action " + command.action() + " (pin or rollback)", now);
        } else if (command.version() == null || !store.exists(Buckets.MODELS,
                Buckets.modelJsonKey(model, command.version()))) {
            refuse(ledger, command, "no stored version " + command.version() + " of model " + model, now);
        } else if (command.version().equals(previous)) {
            ledgers.write(ledger.command(new CommandOutcome(command.commandId(), command.action(), command.version(),
                    true, "already the champion", now), null));
        } else {
            ChampionChange change = new ChampionChange(ledger.champions().size() + 1, command.version(), previous,
                    LineCommand.ROLLBACK.equals(command.action()) ? "rollback" : "pinned", command.commandId(), null,
                    now);
            ledgers.write(ledger.command(new CommandOutcome(command.commandId(), command.action(), command.version(),
                    true, command.reason(), now), change));
            champions.announce(model, change, command.correlationId());
        }
    }

    private void refuse(LineLedger ledger, LineCommand command, String message, Instant now) {
        ledgers.write(ledger.command(new CommandOutcome(command.commandId(), command.action(), command.version(),
                false, message, now), null));
        errors.report("command-refused", message, command.model(), command.commandId(), command.correlationId());
    }
}
