package dev.prequel.evaluator.line;

/**
 * The stored ledger moved on since this replica read it: another replica owns the line now (a rebalance handed it
 * over while this one was still working on a record). Nothing was written; the new owner handles the record.
 */
public class LedgerConflictException extends RuntimeException {

    public LedgerConflictException(String model, long expected, long found) {
        super("ledger of " + model + " is at revision " + found + ", not " + expected
                + ": another replica owns the line now");
    }
}
