package dev.prequel.trainer.job;

import dev.prequel.runtime.durable.RetriesExhaustedException;
import dev.prequel.runtime.durable.RetryPolicy;
import dev.prequel.runtime.messaging.ErrorReporter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs training jobs on threads of their own, never on the Kafka polling thread. A job is recorded in the
 * {@link JobStore} before its record is acknowledged and marked done only after its result is announced, so
 * a trainer killed at any moment resumes its unfinished jobs at the next start. A transient failure (S3 or Kafka
 * unreachable) runs the job again from its checkpoint, until {@code prequel.retry.deadline}; past it the job stays
 * pending for the next start. A permanent failure marks it failed.
 */
@ApplicationScoped
public class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    private final JobStore jobs;
    private final TrainingRunner runner;
    private final ErrorReporter errors;
    private final ExecutorService workers;
    private final RetryPolicy retry;
    /** Versions queued or running in this process, so a redelivery does not queue them twice. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public JobQueue(JobStore jobs, TrainingRunner runner, ErrorReporter errors,
            @ConfigProperty(name = "prequel.trainer.concurrent-jobs") int concurrentJobs, RetryPolicy retry) {
        this.retry = retry;
        this.jobs = jobs;
        this.runner = runner;
        this.errors = errors;
        this.workers = Executors.newFixedThreadPool(concurrentJobs, r -> {
            Thread t = new Thread(r, "prequel-training");
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        workers.submit(() -> {
            try {
                for (TrainingJob job : jobs.pending()) {
                    LOG.infof("resuming unfinished training job %s/%s", job.model(), job.version());
                    enqueue(job);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not list unfinished training jobs");
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    /** Records the job durably (unless it is known already) and queues it; returns at once. */
    public void submit(TrainingJob job) {
        var known = jobs.find(job.model(), job.version());
        if (known.isPresent() && !TrainingJob.PENDING.equals(known.get().state())) {
            LOG.infof("training job %s/%s is %s already", job.model(), job.version(), known.get().state());
            return;
        }
        if (known.isEmpty()) {
            jobs.save(job);
        }
        enqueue(job);
    }

    private void enqueue(TrainingJob job) {
        if (!inFlight.add(job.version())) {
            return;
        }
        workers.submit(() -> {
            try {
                // S3 down while reading shards or uploading the model: run again (from its last checkpoint).
                retry.run("training " + job.model() + "/" + job.version(), () -> runner.run(job));
                jobs.save(job.withState(TrainingJob.DONE, null));
            } catch (RetriesExhaustedException e) {
                LOG.errorf("%s; the job stays pending and resumes at the next start", e.getMessage());
                errors.report("training-interrupted", e.getMessage(), job.model(), job.version(), job.correlationId());
            } catch (RuntimeException e) {
                LOG.errorf(e, "training %s/%s failed", job.model(), job.version());
                jobs.save(job.withState(TrainingJob.FAILED, String.valueOf(e.getMessage())));
                errors.report("training-failed", String.valueOf(e.getMessage()), job.model(), job.version(),
                        job.correlationId());
            } finally {
                inFlight.remove(job.version());
            }
        });
    }
}
