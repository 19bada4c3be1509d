package dev.prequel.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.prequel.model.predict.NoGrad;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD with momentum, optionally Nesterov's, and an L2 weight decay, with PyTorch's {@code torch.optim.SGD} update
 * (dampening 0): {@code g = grad + wd * w; b = m * b + g; w -= lr * (nesterov ? g + m * b : b)}. DJL's {@code Sgd}
 * keeps its momentum buffers private and has no Nesterov; these buffers go into the checkpoint, so a resumed job
 * continues bit-identically.
 */
final class ResumableSgd extends Optimizer implements ResumableOptimizer {

    private static final int MAGIC = 0x50515347; // "PQSG"
    private static final int FORMAT = 1;

    private volatile float learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();

    ResumableSgd(float learningRate, float momentum, boolean nesterov, float weightDecay) {
        super(new Defaults());
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public Optimizer optimizer() {
        return this;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate;
        // Fetched outside the scope: the buffer (and a copy for another device) outlives this update.
        NDArray buffer = momentum == 0 ? null
                : withDefaultState(buffers, parameterId, weight.getDevice(), k -> weight.zerosLike());
        try (NoGrad noGrad = new NoGrad(); NDScope scope = new NDScope()) {
            NDArray g = rescaleGrad == 1f ? grad.duplicate() : grad.mul(rescaleGrad);
            if (weightDecay != 0) {
                g.addi(weight.mul(weightDecay));
            }
            NDArray step = g;
            if (buffer != null) {
                buffer.muli(momentum).addi(g);
                step = nesterov ? g.addi(buffer.mul(momentum)) : buffer;
            }
            weight.subi(step.mul(lr));
            // libtorch adds every backward pass into .grad; DJL's own optimizers clear it after their update, so
            // must this one, or each step would take the sum of all gradients so far.
            JniUtils.zeroGrad((PtNDArray) weight);
        }
    }

    @Override
    public void setLearningRate(float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, was " + value);
        }
        learningRate = value;
    }

    @Override
    public synchronized byte[] exportState(Block block) {
        List<String> names = new ArrayList<>();
        NDList arrays = new NDList();
        for (Map.Entry<String, Parameter> e : byName(block).entrySet()) {
            Map<Device, NDArray> perDevice = buffers.get(e.getValue().getId());
            if (perDevice != null) {
                names.add(e.getKey());
                arrays.add(perDevice.values().iterator().next()); // every device holds the same buffer
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeFloat(momentum);
            out.writeBoolean(nesterov);
            out.writeInt(names.size());
            for (String name : names) {
                out.writeUTF(name);
            }
            byte[] encoded = arrays.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public synchronized void importState(byte[] state, Block block, NDManager manager) {
        Map<String, Parameter> parameters = byName(block);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a ResumableSgd state (format " + FORMAT + ")");
            }
            if (in.readFloat() != momentum || in.readBoolean() != nesterov) {
                throw new IllegalArgumentException("the state was written with another momentum or Nesterov setting");
            }
            int n = in.readInt();
            List<Parameter> named = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                Parameter parameter = parameters.get(name);
                if (parameter == null) {
                    throw new IllegalArgumentException("the state has parameter " + name + ", the block has not");
                }
                named.add(parameter);
            }
            NDList arrays = NDList.decode(manager, in.readNBytes(in.readInt()));
            if (arrays.size() != n) {
                throw new IllegalArgumentException("the state holds " + arrays.size() + " arrays for " + n
                        + " parameters");
            }
            buffers.clear();
            for (int i = 0; i < n; i++) {
                Parameter parameter = named.get(i);
                NDArray array = arrays.get(i);
                if (!array.getShape().equals(parameter.getArray().getShape())) {
                    throw new IllegalArgumentException("the state's " + parameter.getName() + " is "
                            + array.getShape() + ", the block's " + parameter.getArray().getShape());
                }
                Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
                perDevice.put(array.getDevice(), array);
                buffers.put(parameter.getId(), perDevice);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated ResumableSgd state", e);
        }
    }

    private static Map<String, Parameter> byName(Block block) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            map.put(p.getKey(), p.getValue());
        }
        return map;
    }

    /** Optimizer's constructor wants a builder; this one keeps the base class's defaults. */
    private static final class Defaults extends OptimizerBuilder<Defaults> {
        @Override
        protected Defaults self() {
            return this;
        }
    }
}
