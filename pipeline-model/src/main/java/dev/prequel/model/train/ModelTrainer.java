package dev.prequel.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.NoGrad;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a classifier from streamed examples with a resumable optimizer (Adam, AdamW or SGD with momentum) and
 * softmax cross-entropy (optionally label-smoothed).
 *
 * <p>The example {@link Iterable}s are walked once per epoch (training, then validation and test); only a
 * {@linkplain TrainingSettings#shuffleBuffer() shuffle buffer} and a few batches are ever in memory. On a GPU, batches
 * are prepared on a background thread ({@link PreparedBatches}) while the device computes; loss and accuracy are
 * summed on the device and read
 * when progress is reported and at the end of the epoch, so the loop does not wait for the device after every
 * batch. It trains on every GPU the engine sees when the model lives on a GPU (DJL splits each batch across them),
 * otherwise on the CPU. The model's parameters are updated in place: a model loaded from a parent continues from
 * the parent's weights.
 */
public final class ModelTrainer {

    /**
     * Batches prepared ahead of the training thread when training on a GPU. On the CPU they are prepared on the
     * training thread itself: a second thread there competes with libtorch's intra-op threads for the same cores
     * (the small CNN ran at 0.60 of the bare DJL loop with it, 0.83 without, on two busy cores).
     */
    static final int PREFETCH = 3;

    private ModelTrainer() {
    }

    /** Trains with a fresh optimizer (no state to resume from) and no test split. */
    public static List<EpochMetrics> train(Model model, Iterable<Example> train, Iterable<Example> validation,
            Normalisation normalisation, TrainingSettings settings, ProgressListener listener) {
        return train(model, train, validation, null, normalisation, settings, null, listener);
    }

    /** As {@link #train(Model, Iterable, Iterable, Iterable, Normalisation, TrainingSettings, byte[],
     *  ProgressListener)} without a test split. */
    public static List<EpochMetrics> train(Model model, Iterable<Example> train, Iterable<Example> validation,
            Normalisation normalisation, TrainingSettings settings, byte[] optimizerState,
            ProgressListener listener) {
        return train(model, train, validation, null, normalisation, settings, optimizerState, listener);
    }

    /**
     * Trains, continuing from {@code trainingState} when it is not null: the bytes a {@link
     * ProgressListener#onEpochEnd} of an earlier run got after epoch {@code settings.firstEpoch() - 1} (the
     * optimizer's state and the best epoch so far). With the weights saved at that point and {@link
     * TrainingSettings#resumingAt}, the result is bit-identical to an uninterrupted run (on the same device and
     * thread count): the shuffle, augmentation and engine seeds of every epoch depend only on (seed, epoch), and
     * the rate of every update only on its position in the job. With {@link TrainingOptions#patience()} the job
     * may stop before its last epoch; with {@link TrainingOptions#keepBest()} the model ends on the weights of
     * the epoch with the best validation accuracy.
     *
     * @param test the dataset's test split, evaluated after every epoch for the record only; null for none
     */
    public static List<EpochMetrics> train(Model model, Iterable<Example> train, Iterable<Example> validation,
            Iterable<Example> test, Normalisation normalisation, TrainingSettings settings, byte[] trainingState,
            ProgressListener listener) {
        ImageShape shape = ModelArtifact.inputShape(model);
        if (normalisation.channels() != shape.channels()) {
            throw new IllegalArgumentException("normalisation has " + normalisation.channels()
                    + " channels, the model takes " + shape);
        }
        Engine engine = model.getNDManager().getEngine();
        engine.setRandomSeed(Long.hashCode(settings.seed()));
        Device[] devices = trainingDevices(model, engine);
        String device = describe(devices);
        TrainingOptions options = settings.options();
        ResumableOptimizer optimizer = ResumableOptimizer.of(options, settings.learningRate());
        DefaultTrainingConfig config = new DefaultTrainingConfig(SmoothedCrossEntropy.of(options.labelSmoothing()))
                .optOptimizer(optimizer.optimizer())
                .optDevices(devices);
        long stepsPerEpoch = settings.schedule().perBatch() ? stepsPerEpoch(train, settings) : 0;
        List<EpochMetrics> history = new ArrayList<>();
        // Autograd only inside each batch's gradient collector: sums, evaluation and updates record no graph.
        try (NoGrad noGrad = new NoGrad();
                Trainer trainer = model.newTrainer(config);
                BestEpoch best = new BestEpoch(options.keepBest(), model.getNDManager())) {
            // Keeps parameters that are already set (a loaded parent); initialises only fresh ones.
            trainer.initialize(new Shape(settings.batchSize(), shape.channels(), shape.height(), shape.width()));
            int classes = outputClasses(trainer, shape);
            if (trainingState != null) {
                byte[][] parts = BestEpoch.State.split(trainingState);
                optimizer.importState(parts[0], model.getBlock(), trainer.getManager());
                if (parts[1] != null) {
                    best.importState(parts[1], model.getBlock());
                }
            }
            EpochRun run = new EpochRun(trainer, shape, classes, normalisation, settings, listener, device, optimizer,
                    stepsPerEpoch, devices[0].isGpu() ? PREFETCH : 0);
            int last = settings.lastEpoch();
            for (int epoch = settings.firstEpoch(); epoch <= last && !stopped(best, options); epoch++) {
                // Reseeded per epoch, so engine randomness (e.g. dropout) never depends on how the run got here.
                engine.setRandomSeed(epochSeed(settings.seed(), epoch));
                optimizer.setLearningRate(settings.learningRate(epoch));
                EpochMetrics metrics = run.epoch(epoch, last, train, validation, test);
                best.offer(epoch, metrics.validationAccuracy(), model.getBlock());
                history.add(metrics);
                listener.onEpoch(metrics);
                listener.onEpochEnd(metrics, () -> BestEpoch.State.join(optimizer.exportState(model.getBlock()),
                        best.export()));
            }
            if (options.keepBest()) {
                best.restore(model.getBlock());
            }
        }
        return history;
    }

    /** Early stop: {@code patience} epochs in a row without a better validation accuracy. */
    private static boolean stopped(BestEpoch best, TrainingOptions options) {
        return options.patience() > 0 && best.stalled() >= options.patience();
    }

    /** Updates per epoch as the per-batch schedules count them: from the settings' estimate, else by one pass. */
    static long stepsPerEpoch(Iterable<Example> train, TrainingSettings settings) {
        long examples = settings.examplesPerEpoch();
        if (examples == 0) {
            for (Example ignored : train) {
                examples++;
            }
        }
        return Math.max(1, (examples + settings.batchSize() - 1) / settings.batchSize());
    }

    /** The engine's seed for an epoch: a mix of the job's seed and the epoch number. */
    static int epochSeed(long seed, int epoch) {
        return Long.hashCode((seed * 1_000_033L + epoch) * 0x9E3779B97F4A7C15L);
    }

    private static int outputClasses(Trainer trainer, ImageShape shape) {
        Shape out = trainer.getModel().getBlock().getOutputShapes(
                new Shape[] {new Shape(1, shape.channels(), shape.height(), shape.width())})[0];
        return (int) out.get(out.dimension() - 1);
    }

    private static Device[] trainingDevices(Model model, Engine engine) {
        Device home = model.getNDManager().getDevice();
        if (home.isGpu() && engine.getGpuCount() > 1) {
            return engine.getDevices(engine.getGpuCount());
        }
        return new Device[] {home};
    }

    static String describe(Device[] devices) {
        if (!devices[0].isGpu()) {
            return "cpu";
        }
        return devices.length == 1 ? "gpu" : "gpu x" + devices.length;
    }

    /** One epoch's loop, kept apart so the public method reads as the recipe. */
    private record EpochRun(Trainer trainer, ImageShape shape, int classes, Normalisation normalisation,
            TrainingSettings settings, ProgressListener listener, String device, ResumableOptimizer optimizer,
            long stepsPerEpoch, int prefetch) {

        EpochMetrics epoch(int epoch, int lastEpoch, Iterable<Example> train, Iterable<Example> validation,
                Iterable<Example> test) {
            long start = System.nanoTime();
            Random random = new Random(settings.seed() * 1_000_003L + epoch);
            long seen = 0;
            int batches = 0;
            long firstStep = (epoch - 1L) * stepsPerEpoch;
            long steps = settings.lastEpoch() * stepsPerEpoch;
            NDManager home = trainer.getManager();
            double lossSum;
            long correct;
            try (NDManager sums = home.newSubManager();
                    PreparedBatches prepared = new PreparedBatches(
                            new BoundedShuffle<>(train.iterator(), settings.shuffleBuffer(), random),
                            settings.batchSize(), shape, normalisation, settings.augmentation(), random, true,
                            classes, prefetch)) {
                NDArray lossTotal = sums.zeros(new Shape(), DataType.FLOAT32);
                NDArray correctTotal = sums.zeros(new Shape(), DataType.INT64);
                while (prepared.hasNext()) {
                    PreparedBatches.Batch batch = prepared.next();
                    if (stepsPerEpoch > 0) {
                        optimizer.setLearningRate(settings.learningRate(epoch, firstStep + batches, steps));
                    }
                    step(batch, lossTotal, correctTotal);
                    seen += batch.size();
                    batches++;
                    if (settings.progressEveryBatches() > 0 && batches % settings.progressEveryBatches() == 0) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        listener.onBatch(new BatchProgress(epoch, lastEpoch, batches, seen,
                                lossTotal.getFloat() / seen, (double) correctTotal.getLong() / seen, seen / seconds,
                                device));
                    }
                }
                lossSum = lossTotal.getFloat();
                correct = correctTotal.getLong();
            }
            if (seen == 0) {
                throw new IllegalArgumentException("no training examples (at least 2 are needed)");
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            long[] validated = evaluate(validation);
            long[] tested = test == null ? null : evaluate(test);
            double seconds = (System.nanoTime() - start) / 1e9;
            double validationAccuracy = validated[1] == 0 ? 0 : (double) validated[0] / validated[1];
            Double testAccuracy = tested == null || tested[1] == 0 ? null : (double) tested[0] / tested[1];
            Long testExamples = tested == null || tested[1] == 0 ? null : tested[1];
            return new EpochMetrics(epoch, lossSum / seen, (double) correct / seen, validationAccuracy,
                    seen / trainSeconds, seconds, device, seen, validated[1], testAccuracy, testExamples);
        }

        /** One update; adds the batch's summed loss and right answers to the totals, on the device. */
        private void step(PreparedBatches.Batch prepared, NDArray lossTotal, NDArray correctTotal) {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDArray data = manager.create(FloatBuffer.wrap(prepared.pixels()),
                        new Shape(prepared.size(), shape.channels(), shape.height(), shape.width()));
                NDArray label = manager.create(prepared.labels());
                Batch batch = new Batch(manager, new NDList(data), new NDList(label), prepared.size(),
                        Batchifier.STACK, Batchifier.STACK, 0, 0);
                List<NDArray[]> results = new ArrayList<>();
                List<Integer> sizes = new ArrayList<>();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    for (Batch split : batch.split(trainer.getDevices(), false)) {
                        NDList splitLabels = split.getLabels();
                        NDList predictions = trainer.forward(split.getData(), splitLabels);
                        NDArray loss = trainer.getLoss().evaluate(splitLabels, predictions);
                        collector.backward(loss);
                        results.add(new NDArray[] {loss, predictions.singletonOrThrow(), splitLabels.singletonOrThrow()});
                        sizes.add(split.getSize());
                    }
                }
                // Outside the collector: the sums must not join the autograd graph.
                Device to = lossTotal.getDevice();
                for (int i = 0; i < results.size(); i++) {
                    NDArray[] r = results.get(i);
                    lossTotal.addi(r[0].mul(sizes.get(i)).toDevice(to, false));
                    correctTotal.addi(countCorrect(r[1], r[2]).toDevice(to, false));
                }
                trainer.step();
            }
        }

        /** Returns {correct, total} over the examples, in inference mode, read from the device once. */
        private long[] evaluate(Iterable<Example> examples) {
            long total = 0;
            int size = Math.max(settings.batchSize(), 256);
            try (NDManager sums = trainer.getManager().newSubManager();
                    PreparedBatches prepared = new PreparedBatches(examples.iterator(), size, shape, normalisation,
                            null, null, false, classes, prefetch)) {
                NDArray correct = sums.zeros(new Shape(), DataType.INT64);
                while (prepared.hasNext()) {
                    PreparedBatches.Batch batch = prepared.next();
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        NDArray data = manager.create(FloatBuffer.wrap(batch.pixels()),
                                new Shape(batch.size(), shape.channels(), shape.height(), shape.width()));
                        NDArray predictions = trainer.evaluate(new NDList(data)).singletonOrThrow();
                        correct.addi(countCorrect(predictions, manager.create(batch.labels()))
                                .toDevice(correct.getDevice(), false));
                    }
                    total += batch.size();
                }
                return new long[] {total == 0 ? 0 : correct.getLong(), total};
            }
        }

        private static NDArray countCorrect(NDArray predictions, NDArray labels) {
            return predictions.argMax(1).toType(DataType.INT64, false)
                    .eq(labels.toType(DataType.INT64, false))
                    .countNonzero().toType(DataType.INT64, false);
        }
    }
}
