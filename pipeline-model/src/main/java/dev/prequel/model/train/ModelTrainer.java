package dev.prequel.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Trains a classifier from streamed examples with Adam ({@link ResumableAdam}) and softmax cross-entropy.
 *
 * <p>The example {@link Iterable}s are walked once per epoch (training) and once per epoch
 * (validation); only a {@linkplain TrainingSettings#shuffleBuffer() shuffle buffer} and one batch
 * are ever in memory. It trains on every GPU the engine sees when the model lives on a GPU (DJL
 * splits each batch across them), otherwise on the CPU. The model's parameters are updated in
 * place: a model loaded from a parent continues from the parent's weights.
 */
public final class ModelTrainer {

    private ModelTrainer() {
    }

    /** Trains with a fresh Adam (no optimizer state to resume from). */
    public static List<EpochMetrics> train(Model model, Iterable<Example> train, Iterable<Example> validation,
            Normalisation normalisation, TrainingSettings settings, ProgressListener listener) {
        return train(model, train, validation, normalisation, settings, null, listener);
    }

    /**
     * Trains, continuing Adam from {@code optimizerState} when it is not null: the bytes a {@link
     * ProgressListener#onEpochEnd} of an earlier run got after epoch {@code settings.firstEpoch() - 1}. With the
     * weights saved at that point and {@link TrainingSettings#resumingAt}, the result is bit-identical to an
     * uninterrupted run (on the same device and thread count): the shuffle, augmentation and engine seeds of
     * every epoch depend only on (seed, epoch).
     */
    public static List<EpochMetrics> train(Model model, Iterable<Example> train, Iterable<Example> validation,
            Normalisation normalisation, TrainingSettings settings, byte[] optimizerState,
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

        ResumableAdam optimizer = new ResumableAdam(settings.learningRate());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optDevices(devices);
        List<EpochMetrics> history = new ArrayList<>();
        try (Trainer trainer = model.newTrainer(config)) {
            // Keeps parameters that are already set (a loaded parent); initialises only fresh ones.
            trainer.initialize(new Shape(settings.batchSize(), shape.channels(), shape.height(), shape.width()));
            int classes = outputClasses(trainer, shape);
            if (optimizerState != null) {
                optimizer.importState(optimizerState, model.getBlock(), trainer.getManager());
            }
            EpochRun run = new EpochRun(trainer, shape, classes, normalisation, settings, listener, device);
            int last = settings.firstEpoch() + settings.epochs() - 1;
            for (int epoch = settings.firstEpoch(); epoch <= last; epoch++) {
                // Reseeded per epoch, so engine randomness (e.g. dropout) never depends on how the run got here.
                engine.setRandomSeed(epochSeed(settings.seed(), epoch));
                optimizer.setLearningRate(settings.learningRate(epoch));
                EpochMetrics metrics = run.epoch(epoch, last, train, validation);
                history.add(metrics);
                listener.onEpoch(metrics);
                listener.onEpochEnd(metrics, () -> optimizer.exportState(model.getBlock()));
            }
        }
        return history;
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
            TrainingSettings settings, ProgressListener listener, String device) {

        EpochMetrics epoch(int epoch, int lastEpoch, Iterable<Example> train, Iterable<Example> validation) {
            long start = System.nanoTime();
            Random random = new Random(settings.seed() * 1_000_003L + epoch);
            Iterator<Example> examples = new BoundedShuffle<>(train.iterator(), settings.shuffleBuffer(), random);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int batches = 0;
            List<Example> batch = new ArrayList<>(settings.batchSize());
            while (examples.hasNext()) {
                batch.add(examples.next());
                if (batch.size() == settings.batchSize() || !examples.hasNext()) {
                    // A batch of one breaks batch norm in training mode and teaches nothing: skip it.
                    if (batch.size() > 1) {
                        double[] lossAndCorrect = step(batch, random);
                        lossSum += lossAndCorrect[0];
                        correct += (long) lossAndCorrect[1];
                        seen += batch.size();
                        batches++;
                        if (settings.progressEveryBatches() > 0 && batches % settings.progressEveryBatches() == 0) {
                            double seconds = (System.nanoTime() - start) / 1e9;
                            listener.onBatch(new BatchProgress(epoch, lastEpoch, batches, seen, lossSum / seen,
                                    (double) correct / seen, seen / seconds, device));
                        }
                    }
                    batch.clear();
                }
            }
            if (seen == 0) {
                throw new IllegalArgumentException("no training examples (at least 2 are needed)");
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            long[] validated = validate(validation);
            double seconds = (System.nanoTime() - start) / 1e9;
            double validationAccuracy = validated[1] == 0 ? 0 : (double) validated[0] / validated[1];
            return new EpochMetrics(epoch, lossSum / seen, (double) correct / seen, validationAccuracy,
                    seen / trainSeconds, seconds, device, seen, validated[1]);
        }

        /** One update; returns the summed loss and the number classified right. */
        private double[] step(List<Example> examples, Random random) {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                List<byte[]> images = new ArrayList<>(examples.size());
                long[] labels = new long[examples.size()];
                for (int i = 0; i < examples.size(); i++) {
                    Example e = examples.get(i);
                    images.add(settings.augmentation().apply(e.pixels(), shape.channels(), shape.height(),
                            shape.width(), random));
                    labels[i] = checkedLabel(e.label());
                }
                NDArray data = normalisation.toNDArray(manager, images, shape);
                NDArray label = manager.create(labels);
                Batch batch = new Batch(manager, new NDList(data), new NDList(label), examples.size(),
                        Batchifier.STACK, Batchifier.STACK, 0, 0);
                double lossSum = 0;
                long correct = 0;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    for (Batch split : batch.split(trainer.getDevices(), false)) {
                        NDList splitLabels = split.getLabels();
                        NDList predictions = trainer.forward(split.getData(), splitLabels);
                        NDArray loss = trainer.getLoss().evaluate(splitLabels, predictions);
                        collector.backward(loss);
                        lossSum += loss.getFloat() * split.getSize();
                        correct += countCorrect(predictions.singletonOrThrow(), splitLabels.singletonOrThrow());
                    }
                }
                trainer.step();
                return new double[] {lossSum, correct};
            }
        }

        /** Returns {correct, total} over the validation examples, in inference mode. */
        private long[] validate(Iterable<Example> validation) {
            long correct = 0;
            long total = 0;
            List<Example> batch = new ArrayList<>();
            Iterator<Example> it = validation.iterator();
            int size = Math.max(settings.batchSize(), 256);
            while (it.hasNext()) {
                batch.add(it.next());
                if (batch.size() == size || !it.hasNext()) {
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        NDArray data = normalisation.toNDArray(manager, batch.stream().map(Example::pixels).toList(), shape);
                        long[] labels = batch.stream().mapToLong(e -> checkedLabel(e.label())).toArray();
                        NDArray predictions = trainer.evaluate(new NDList(data)).singletonOrThrow();
                        correct += countCorrect(predictions, manager.create(labels));
                    }
                    total += batch.size();
                    batch.clear();
                }
            }
            return new long[] {correct, total};
        }

        private long checkedLabel(int label) {
            if (label >= classes) {
                throw new IllegalArgumentException("label " + label + " is out of range for a " + classes
                        + "-class model");
            }
            return label;
        }

        private static long countCorrect(NDArray predictions, NDArray labels) {
            return predictions.argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false)
                    .eq(labels.toType(ai.djl.ndarray.types.DataType.INT64, false))
                    .countNonzero().getLong();
        }
    }
}
