package dev.prequel.serving.batch;

/** The model line's queue is full: HTTP answers 503 with Retry-After instead of letting the queue grow. */
public class QueueFullException extends RuntimeException {

    public static final String REASON = "overloaded";

    public QueueFullException(String model, int capacity) {
        this("the queue of model '" + model + "' is full (" + capacity + " requests waiting); retry later");
    }

    public QueueFullException(String message) {
        super(message);
    }
}
