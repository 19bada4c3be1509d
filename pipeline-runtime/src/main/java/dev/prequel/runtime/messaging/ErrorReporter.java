package dev.prequel.runtime.messaging;

import dev.prequel.events.PipelineError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Every rejected input or failed job goes to the log and to {@code errors}, with a reason code. */
@ApplicationScoped
public class ErrorReporter {

    private static final Logger LOG = Logger.getLogger(ErrorReporter.class);

    private final EventPublisher publisher;
    private final String stage;

    public ErrorReporter(EventPublisher publisher, @ConfigProperty(name = "prequel.stage") String stage) {
        this.publisher = publisher;
        this.stage = stage;
    }

    public void report(String reason, String message, String model, String subject, String correlationId) {
        LOG.warnf("%s rejected %s (model %s): %s — %s", stage, subject, model, reason, message);
        try {
            publisher.publish(new PipelineError(stage, reason, message, model == null ? "" : model, subject,
                    Instant.now(), correlationId));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not publish error %s for %s", reason, subject);
        }
    }
}
