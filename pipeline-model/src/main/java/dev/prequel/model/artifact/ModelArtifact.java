package dev.prequel.model.artifact;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.prequel.events.EventJson;
import dev.prequel.events.Ids;
import dev.prequel.model.arch.Architectures;
import dev.prequel.model.image.ImageShape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A model on disk: a directory with {@code model.params} (DJL's block parameter encoding) and
 * {@code model.json} (the {@link ModelDescriptor}). The parameters only make sense with the block
 * that wrote them, so the descriptor names the architecture, shape and classes that rebuild it.
 *
 * <p>Models live on the engine's default device: the first GPU when the PyTorch engine sees one,
 * else the CPU.
 */
public final class ModelArtifact {

    public static final String PARAMS_FILE = "model.params";
    public static final String DESCRIPTOR_FILE = "model.json";
    /** The files of an artifact, in upload order: model.json last, since its presence marks a complete artifact. */
    public static final List<String> FILES = List.of(PARAMS_FILE, DESCRIPTOR_FILE);

    private static final String ENGINE = "PyTorch";
    private static final String SHAPE_PROPERTY = "prequel.inputShape";

    private ModelArtifact() {
    }

    /** A randomly initialised model (engine's current random state). */
    public static Model newModel(String architecture, ImageShape shape, int classes) {
        Block block = Architectures.build(architecture, shape, classes);
        Model model = Model.newInstance(architecture, defaultDevice(), ENGINE);
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, batchShape(shape));
            model.setProperty(SHAPE_PROPERTY, shape.toString());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A randomly initialised model; the same seed gives the same initial weights. */
    public static Model newModel(String architecture, ImageShape shape, int classes, long seed) {
        Engine.getEngine(ENGINE).setRandomSeed(Long.hashCode(seed));
        return newModel(architecture, shape, classes);
    }

    /** A randomly initialised model with the descriptor's architecture, shape and classes. */
    public static Model newModel(ModelDescriptor descriptor) {
        return newModel(descriptor.architecture(), descriptor.shape(), descriptor.classes().size());
    }

    /** A randomly initialised model with the descriptor's architecture, shape and classes. */
    public static Model newModel(ModelDescriptor descriptor, long seed) {
        return newModel(descriptor.architecture(), descriptor.shape(), descriptor.classes().size(), seed);
    }

    /** The input shape the model was built for. */
    public static ImageShape inputShape(Model model) {
        String property = model.getProperty(SHAPE_PROPERTY);
        if (property != null) {
            return ImageShape.parse(property);
        }
        var inputs = model.getBlock().describeInput();
        if (inputs.isEmpty() || inputs.get(0).getValue().dimension() != 4) {
            throw new IllegalArgumentException("the model's input shape is unknown; create it with ModelArtifact");
        }
        Shape s = inputs.get(0).getValue();
        return new ImageShape((int) s.get(1), (int) s.get(2), (int) s.get(3));
    }

    /**
     * Writes the parameters, then {@code model.json} with the parameters' SHA-256 filled in, each
     * through a temporary file and an atomic rename, so a crash never leaves a half-written file
     * under its final name. Returns the descriptor as written.
     */
    public static ModelDescriptor save(Model model, ModelDescriptor descriptor, Path dir) {
        ImageShape shape = inputShape(model);
        if (!shape.equals(descriptor.shape())) {
            throw new IllegalArgumentException("the model takes " + shape + " but the descriptor says "
                    + descriptor.shape());
        }
        try {
            Files.createDirectories(dir);
            Path params = dir.resolve(PARAMS_FILE);
            Path tmp = Files.createTempFile(dir, PARAMS_FILE, ".tmp");
            MessageDigest digest = Ids.sha256();
            try (OutputStream file = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(
                            new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), digest))) {
                model.getBlock().saveParameters(out);
            }
            Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ModelDescriptor written = descriptor.withParamsSha256(HexFormat.of().formatHex(digest.digest()));
            Path json = Files.createTempFile(dir, DESCRIPTOR_FILE, ".tmp");
            Files.write(json, written.toJson());
            Files.move(json, dir.resolve(DESCRIPTOR_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + dir, e);
        }
    }

    public static ModelDescriptor readDescriptor(Path dir) {
        Path json = dir.resolve(DESCRIPTOR_FILE);
        try {
            return ModelDescriptor.fromJson(Files.readAllBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        } catch (EventJson.MalformedEventException e) {
            throw new IncompatibleModelException("malformed " + json + ": " + e.getMessage(), e);
        }
    }

    /** Loads onto the engine's default device. */
    public static LoadedModel load(Path dir) {
        return load(dir, defaultDevice());
    }

    /**
     * Rebuilds the block from {@code model.json} and loads {@code model.params} into it, checking
     * the recorded SHA-256 and that the parameters fit the block exactly.
     */
    public static LoadedModel load(Path dir, Device device) {
        ModelDescriptor descriptor = readDescriptor(dir);
        Block block = Architectures.build(descriptor.architecture(), descriptor.shape(), descriptor.classes().size());
        Model model = Model.newInstance(descriptor.model() == null ? descriptor.architecture() : descriptor.model(),
                device, ENGINE);
        try {
            model.setBlock(block);
            model.setProperty(SHAPE_PROPERTY, descriptor.shape().toString());
            readParameters(dir.resolve(PARAMS_FILE), model, descriptor);
            return new LoadedModel(descriptor, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads a parent to fine-tune from, after checking that it is the architecture, input shape and
     * class list (names, in order) the new training wants.
     *
     * @throws IncompatibleModelException naming every difference
     */
    public static LoadedModel loadParent(Path dir, String architecture, ImageShape shape, List<String> classes) {
        requireCompatible(readDescriptor(dir), architecture, shape, classes);
        return load(dir);
    }

    public static void requireCompatible(ModelDescriptor parent, String architecture, ImageShape shape,
            List<String> classes) {
        StringBuilder problems = new StringBuilder();
        if (!parent.architecture().equals(architecture)) {
            problems.append("; architecture is ").append(parent.architecture()).append(", wanted ").append(architecture);
        }
        if (!parent.shape().equals(shape)) {
            problems.append("; input shape is ").append(parent.shape()).append(", wanted ").append(shape);
        }
        if (!parent.classes().equals(classes)) {
            problems.append("; classes are ").append(parent.classes()).append(", wanted ").append(classes);
        }
        if (problems.length() > 0) {
            throw new IncompatibleModelException("cannot fine-tune from " + parent.model() + " " + parent.version()
                    + problems);
        }
    }

    private static void readParameters(Path params, Model model, ModelDescriptor descriptor) {
        MessageDigest digest = Ids.sha256();
        try (InputStream file = Files.newInputStream(params);
                DataInputStream in = new DataInputStream(
                        new DigestInputStream(new BufferedInputStream(file, 1 << 16), digest))) {
            try {
                model.getBlock().loadParameters(model.getNDManager(), in);
            } catch (MalformedModelException | IOException | RuntimeException e) {
                throw new IncompatibleModelException(params + " does not fit a " + descriptor.architecture() + " for "
                        + descriptor.shape() + " with " + descriptor.classes().size() + " classes: " + e.getMessage(), e);
            }
            if (in.read() != -1) {
                throw new IncompatibleModelException(params + " holds more parameters than a "
                        + descriptor.architecture() + " for " + descriptor.shape() + " has");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + params, e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (descriptor.paramsSha256() != null && !descriptor.paramsSha256().equalsIgnoreCase(actual)) {
            throw new IncompatibleModelException(params + " is corrupt: SHA-256 " + actual + " does not match "
                    + DESCRIPTOR_FILE + "'s " + descriptor.paramsSha256());
        }
    }

    private static Device defaultDevice() {
        return Engine.getEngine(ENGINE).defaultDevice();
    }

    private static Shape batchShape(ImageShape shape) {
        return new Shape(1, shape.channels(), shape.height(), shape.width());
    }
}
