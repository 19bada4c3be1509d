package dev.prequel.serving.budget;

/** A request asks for more than its budget allows; HTTP answers 413, Kafka a {@code request-too-large} error. */
public class BudgetExceededException extends RuntimeException {

    public static final String REASON = "request-too-large";

    public BudgetExceededException(String message) {
        super(message);
    }
}
