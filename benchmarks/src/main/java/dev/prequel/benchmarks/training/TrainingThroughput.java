package dev.prequel.benchmarks.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.prequel.events.EventJson;
import dev.prequel.localstack.SampleDrops;
import dev.prequel.localstack.SyntheticCifar;
import dev.prequel.model.arch.Architectures;
import dev.prequel.model.artifact.ModelArtifact;
import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import dev.prequel.model.predict.Normalisation;
import dev.prequel.model.shard.Example;
import dev.prequel.model.train.EpochMetrics;
import dev.prequel.model.train.ModelTrainer;
import dev.prequel.model.train.ProgressListener;
import dev.prequel.model.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's loop ({@link ModelTrainer}, as the trainer service runs it: shuffle buffer, batches prepared on a
 * background thread, normalisation, device-side metrics) against a bare DJL loop on the same block, batch size and
 * optimizer (Adam at a fixed rate) over data already in memory as NDArrays: forward, loss, backward, step, nothing
 * read back until the round ends. Rounds alternate between the two (which goes first alternates too) after warm-up
 * rounds; medians are reported with the ratio trainer / bare. Models: the small CNN on 1x28x28 (the MNIST sample) and
 * ResNet-18 with the CIFAR stem on 3x32x32 (a synthetic CIFAR-10 drop).
 *
 * <p>Usage: {@code TrainingThroughput [--models cnn,resnet18] [--rounds N] [--warmup N] [--cnn-images N]
 * [--resnet-images N] [--batch N] [--out DIR]}; results go to {@code <out>/training-throughput.json}.
 */
public final class TrainingThroughput {

    private record Setup(String architecture, ImageShape shape, List<Example> examples, int batch) {
    }

    private TrainingThroughput() {
    }

    public static void main(String[] args) throws IOException {
        List<String> models = List.of("cnn", "resnet18");
        int rounds = 5;
        int warmup = 1;
        int cnnImages = 2048;
        int resnetImages = 256;
        int batch = 64;
        Path out = Path.of("target");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = List.of(args[++i].split(","));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--cnn-images" -> cnnImages = Integer.parseInt(args[++i]);
                case "--resnet-images" -> resnetImages = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (String name : models) {
            Setup setup = switch (name) {
                case Architectures.CNN -> new Setup(name, new ImageShape(1, 28, 28), mnist(cnnImages), batch);
                case Architectures.RESNET18 -> new Setup(name, new ImageShape(3, 32, 32), cifar(resnetImages), batch);
                default -> throw new IllegalArgumentException("models: cnn, resnet18");
            };
            results.add(measure(setup, rounds, warmup));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "training-throughput");
        result.put("models", results);
        result.put("rounds", rounds);
        result.put("warmupRounds", warmup);
        result.put("engineThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        result.put("at", Instant.now().toString());
        Files.createDirectories(out);
        Path file = out.resolve("training-throughput.json");
        Files.write(file, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        System.out.println();
        System.out.println("| model | input | batch | images/round | trainer img/s | bare DJL img/s | trainer / bare |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map<String, Object> r : results) {
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", r.get("architecture"), r.get("shape"),
                    r.get("batch"), r.get("images"), r.get("trainerImagesPerSecond"), r.get("bareImagesPerSecond"),
                    r.get("trainerToBareRatio"));
        }
        System.out.println("-> " + file);
    }

    private static Map<String, Object> measure(Setup setup, int rounds, int warmup) {
        Normalisation normalisation = Normalisation.compute(setup.examples(), setup.shape());
        TrainingSettings settings = TrainingSettings.of(1, setup.batch(), 1e-3f, 7).withProgressEveryBatches(0)
                .withShuffleBuffer(Math.min(TrainingSettings.DEFAULT_SHUFFLE_BUFFER, setup.examples().size()));
        List<Double> trainer = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        try (Model serviceModel = ModelArtifact.newModel(setup.architecture(), setup.shape(), 10, 7);
                Model bareModel = ModelArtifact.newModel(setup.architecture(), setup.shape(), 10, 7);
                BareLoop loop = new BareLoop(bareModel, setup, normalisation)) {
            for (int round = 0; round < warmup + rounds; round++) {
                double t;
                double b;
                if (round % 2 == 0) {
                    t = trainerRound(serviceModel, setup, normalisation, settings);
                    b = loop.round();
                } else {
                    b = loop.round();
                    t = trainerRound(serviceModel, setup, normalisation, settings);
                }
                boolean measured = round >= warmup;
                System.out.printf("%s %s round %d: trainer %.1f img/s, bare DJL %.1f img/s%n", setup.architecture(),
                        measured ? "measured" : "warm-up", round + 1, t, b);
                if (measured) {
                    trainer.add(t);
                    bare.add(b);
                }
            }
        }
        double t = median(trainer);
        double b = median(bare);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("architecture", setup.architecture());
        r.put("shape", setup.shape().toString());
        r.put("batch", setup.batch());
        r.put("images", setup.examples().size());
        r.put("trainerImagesPerSecond", Math.round(t * 10) / 10.0);
        r.put("bareImagesPerSecond", Math.round(b * 10) / 10.0);
        r.put("trainerToBareRatio", Math.round(t / b * 1000) / 1000.0);
        r.put("trainerRounds", trainer);
        r.put("bareRounds", bare);
        return r;
    }

    /** One epoch through the service's loop; images per second of the whole call, trainer set-up included. */
    private static double trainerRound(Model model, Setup setup, Normalisation normalisation,
            TrainingSettings settings) {
        long start = System.nanoTime();
        List<EpochMetrics> history = ModelTrainer.train(model, setup.examples(), List.of(), normalisation, settings,
                ProgressListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        return history.get(0).trainExamples() / seconds;
    }

    /** DJL's loop with nothing around it: the batches are NDArrays before the clock starts. */
    private static final class BareLoop implements AutoCloseable {
        private final Trainer trainer;
        private final List<NDList[]> batches = new ArrayList<>();
        private final int examples;

        BareLoop(Model model, Setup setup, Normalisation normalisation) {
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam)
                    .optDevices(new Device[] {model.getNDManager().getDevice()}));
            ImageShape shape = setup.shape();
            trainer.initialize(new Shape(setup.batch(), shape.channels(), shape.height(), shape.width()));
            NDManager manager = trainer.getManager();
            List<Example> all = setup.examples();
            int used = 0;
            for (int from = 0; from + setup.batch() <= all.size(); from += setup.batch()) {
                List<Example> slice = all.subList(from, from + setup.batch());
                NDArray data = normalisation.toNDArray(manager, slice.stream().map(Example::pixels).toList(), shape);
                NDArray labels = manager.create(slice.stream().mapToLong(Example::label).toArray());
                batches.add(new NDList[] {new NDList(data), new NDList(labels)});
                used += slice.size();
            }
            examples = used;
        }

        double round() {
            long start = System.nanoTime();
            for (int i = 0; i < batches.size(); i++) {
                NDList[] batch = batches.get(i);
                // As EasyTrain does with a batch: what the step creates lives in a manager closed after it.
                try (NDManager step = trainer.getManager().newSubManager()) {
                    batch[0].tempAttach(step);
                    batch[1].tempAttach(step);
                    NDArray loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        loss = trainer.getLoss().evaluate(batch[1], trainer.forward(batch[0], batch[1]));
                        collector.backward(loss);
                    }
                    trainer.step();
                    if (i == batches.size() - 1) {
                        loss.getFloat(); // one read: the round is done on the device too
                    }
                }
            }
            return examples / ((System.nanoTime() - start) / 1e9);
        }

        @Override
        public void close() {
            trainer.close();
        }
    }

    private static List<Example> mnist(int count) {
        SampleDrops sample = SampleDrops.load(SampleDrops.locateSample());
        ImageShape shape = new ImageShape(1, 28, 28);
        List<SampleDrops.LabelledImage> images = sample.slice(0, Math.max(1, count / sample.labels().size() + 1));
        List<Example> examples = new ArrayList<>();
        for (int i = 0; examples.size() < count; i++) {
            SampleDrops.LabelledImage image = images.get(i % images.size());
            examples.add(new Example(sample.labels().indexOf(image.label()),
                    PixelConverter.toPixels(ImageDecoder.decode(image.bytes()), shape)));
        }
        return examples;
    }

    private static List<Example> cifar(int count) {
        byte[] batch = SyntheticCifar.batch(count, 11);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(new Example(SyntheticCifar.label(batch, i), SyntheticCifar.pixels(batch, i)));
        }
        return examples;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
