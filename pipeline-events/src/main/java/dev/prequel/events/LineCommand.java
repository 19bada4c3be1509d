package dev.prequel.events;

import java.time.Instant;

/**
 * An operator's command to a model line, applied by the line's owner in order with its verdicts, so a pin never
 * races an evaluation.
 *
 * @param commandId unique per request: a redelivered command is applied once
 * @param action {@code pin} or {@code rollback}
 */
public record LineCommand(String model, String commandId, String action, String version, String reason,
        Instant requestedAt, String correlationId) implements PipelineEvent {

    public static final String PIN = "pin";
    public static final String ROLLBACK = "rollback";

    @Override
    public java.util.List<String> missingFields() {
        return RequiredFields.missing("model", model, "commandId", commandId, "action", action);
    }

    @Override
    public String eventId() {
        return "command/" + model + "/" + commandId;
    }
}
