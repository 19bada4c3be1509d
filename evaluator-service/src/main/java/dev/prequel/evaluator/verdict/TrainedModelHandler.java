package dev.prequel.evaluator.verdict;

import dev.prequel.events.ModelTrained;
import dev.prequel.runtime.messaging.ErrorReporter;
import dev.prequel.runtime.messaging.IncomingEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes {@code models.trained} on a worker thread, one candidate at a time per partition. */
@ApplicationScoped
public class TrainedModelHandler {

    private static final Logger LOG = Logger.getLogger(TrainedModelHandler.class);

    private final CandidateEvaluator evaluator;
    private final ErrorReporter errors;

    public TrainedModelHandler(CandidateEvaluator evaluator, ErrorReporter errors) {
        this.evaluator = evaluator;
        this.errors = errors;
    }

    @Incoming("models-trained")
    @Blocking(ordered = true)
    public void onTrained(ConsumerRecord<String, String> record) {
        var decoded = IncomingEvent.decodeOrReport(record, ModelTrained.class, errors);
        if (decoded.isEmpty()) {
            return;
        }
        ModelTrained trained = decoded.get();
        try {
            evaluator.evaluate(trained);
        } catch (RuntimeException e) {
            LOG.errorf(e, "evaluating %s/%s failed", trained.model(), trained.version());
            errors.report("evaluation-failed", String.valueOf(e.getMessage()), trained.model(), trained.version(),
                    trained.correlationId());
        }
    }
}
