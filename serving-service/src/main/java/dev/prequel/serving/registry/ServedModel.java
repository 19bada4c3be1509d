package dev.prequel.serving.registry;

import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.ImageClassifier;
import dev.prequel.serving.budget.InputBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version and the files it was loaded from. Users take a {@link Lease}; once the registry retires
 * the version and the last lease is returned, the native model is closed and its directory deleted. Closing a DJL
 * model under a running prediction can crash the JVM, and a retired version's files are of no further use.
 */
public final class ServedModel {

    private final String model;
    private final String version;
    private final ImageClassifier classifier;
    private final Path directory;
    private final InputBudget budget;
    private final Runnable onClosed;
    /** Leases plus one for the registry until retired; at zero the model is closed. */
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    public ServedModel(String model, String version, ImageClassifier classifier, Path directory, InputBudget budget,
            Runnable onClosed) {
        this.model = model;
        this.version = version;
        this.classifier = classifier;
        this.directory = directory;
        this.budget = budget;
        this.onClosed = onClosed;
    }

    public String model() {
        return model;
    }

    public String version() {
        return version;
    }

    public ImageShape shape() {
        return classifier.shape();
    }

    public List<String> classes() {
        return classifier.classes();
    }

    public InputBudget budget() {
        return budget;
    }

    public Path directory() {
        return directory;
    }

    public boolean isRetired() {
        return retired.get();
    }

    /** A lease keeps the version loaded until closed; empty once the version is retired and closing. */
    public Optional<Lease> lease() {
        while (true) {
            int n = references.get();
            if (n == 0 || retired.get()) {
                return Optional.empty();
            }
            if (references.compareAndSet(n, n + 1)) {
                return Optional.of(new Lease());
            }
        }
    }

    /** Takes the version out of service: it closes now, or when its last lease is returned. Idempotent. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    private void release() {
        if (references.decrementAndGet() == 0) {
            classifier.close();
            onClosed.run();
        }
    }

    /** Use of the version by one thread: a predictor of its own for as many batches as it likes. */
    public final class Lease implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);
        private ImageClassifier.Session session;

        private Lease() {
        }

        public ServedModel served() {
            return ServedModel.this;
        }

        /** Probabilities for each CHW image, in order, in one forward pass. */
        public float[][] probabilities(List<byte[]> images) {
            if (session == null) {
                session = classifier.openSession();
            }
            return session.probabilities(images);
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                if (session != null) {
                    session.close();
                }
                release();
            }
        }
    }

    @Override
    public String toString() {
        return model + "/" + version;
    }
}
