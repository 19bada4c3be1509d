package dev.prequel.model.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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
 * Adam with exactly the update of DJL 0.36.0's {@code Adam}, whose moments and update counts can be exported and
 * imported, so that a job resumed from a checkpoint continues with the optimizer it stopped with.
 *
 * <p>DJL identifies parameters by a per-instance id, which a reloaded model does not share; the exported state
 * therefore names parameters by their path in the block ({@link Block#getParameters()}). With a weight decay it is
 * either DJL's (an L2 term added to the gradient) or AdamW's decoupled decay ({@code w -= lr * wd * w} before the
 * Adam step, as in PyTorch's {@code AdamW}).
 */
public final class ResumableAdam extends Optimizer implements ResumableOptimizer {

    private static final int MAGIC = 0x50514144; // "PQAD"
    private static final int FORMAT = 1;

    private volatile float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    // Optimizer's own update counts are private, so they are mirrored here (same rule as its updateCount()).
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private int numUpdate;
    private final float decoupledDecay;

    /** DJL's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8, no weight decay or clipping; the rate stays
     *  {@code learningRate} until {@link #setLearningRate} changes it. */
    public ResumableAdam(float learningRate) {
        this(learningRate, 0f, false);
    }

    /** As {@link #ResumableAdam(float)} with a weight decay, decoupled (AdamW) or through the gradient (Adam). */
    public ResumableAdam(float learningRate, float weightDecay, boolean decoupled) {
        super(new Defaults().optWeightDecays(decoupled ? 0f : weightDecay));
        this.learningRate = learningRate;
        this.decoupledDecay = decoupled ? weightDecay : 0f;
        this.beta1 = 0.9f;
        this.beta2 = 0.999f;
        this.epsilon = 1e-8f;
    }

    @Override
    public Optimizer optimizer() {
        return this;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = nextCount(parameterId);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float lr = learningRate;
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        if (Float.isNaN(corrected) || Float.isInfinite(corrected) || Float.isNaN(weightDecay)
                || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
        }
        if (decoupledDecay != 0) {
            try (NoGrad noGrad = new NoGrad()) {
                weight.muli(1 - lr * decoupledDecay);
            }
        }
        NDList inputs = new NDList(weight, grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, corrected, weightDecay, rescaleGrad,
                clipGrad, beta1, beta2, epsilon, true, false);
    }

    /** The rate of the updates from here on (a schedule sets it per epoch or per update). */
    @Override
    public void setLearningRate(float value) {
        if (!(value >= 0) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, was " + value);
        }
        learningRate = value;
    }

    /** Per parameter: 1 on its first update, then one more each time; the step is the highest count so far. */
    private synchronized int nextCount(String parameterId) {
        int count = counts.merge(parameterId, 1, Integer::sum);
        numUpdate = Math.max(numUpdate, count);
        return numUpdate;
    }

    /**
     * The moments and update counts of every parameter of {@code block} updated so far, as bytes that {@link
     * #importState} reads. Call it between updates (e.g. at the end of an epoch).
     */
    @Override
    public synchronized byte[] exportState(Block block) {
        List<String> names = new ArrayList<>();
        NDList arrays = new NDList();
        List<NDArray> vars = new ArrayList<>();
        Map<String, Parameter> parameters = byName(block);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String id = e.getValue().getId();
            if (counts.containsKey(id) && means.containsKey(id)) {
                names.add(e.getKey());
                arrays.add(anyCopy(means.get(id)));
                vars.add(anyCopy(variances.get(id)));
            }
        }
        arrays.addAll(vars);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeFloat(beta1);
            out.writeFloat(beta2);
            out.writeFloat(epsilon);
            out.writeInt(numUpdate);
            out.writeInt(names.size());
            for (String name : names) {
                out.writeUTF(name);
                out.writeInt(counts.get(parameters.get(name).getId()));
            }
            byte[] encoded = arrays.encode(); // means, then variances, in the order of the names
            out.writeInt(encoded.length);
            out.write(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces this optimizer's state with one {@link #exportState} wrote for a block with the same parameters
     * (names and shapes). The arrays are created by {@code manager} (use the trainer's: they live as long as it),
     * on its device; other devices get copies on their first update.
     *
     * @throws IllegalArgumentException when the bytes are not such a state or do not fit the block
     */
    @Override
    public synchronized void importState(byte[] state, Block block, NDManager manager) {
        Map<String, Parameter> parameters = byName(block);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a ResumableAdam state (format " + FORMAT + ")");
            }
            if (in.readFloat() != beta1 || in.readFloat() != beta2 || in.readFloat() != epsilon) {
                throw new IllegalArgumentException("the state was written with other Adam betas or epsilon");
            }
            int steps = in.readInt();
            int n = in.readInt();
            Map<String, Integer> named = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("the state has parameter " + name + ", the block has not");
                }
                named.put(name, in.readInt());
            }
            NDList arrays = NDList.decode(manager, in.readNBytes(in.readInt()));
            if (arrays.size() != 2 * n) {
                throw new IllegalArgumentException("the state holds " + arrays.size() + " arrays for " + n
                        + " parameters");
            }
            means.clear();
            variances.clear();
            counts.clear();
            int i = 0;
            for (Map.Entry<String, Integer> e : named.entrySet()) {
                Parameter parameter = parameters.get(e.getKey());
                put(means, parameter, arrays.get(i));
                put(variances, parameter, arrays.get(n + i));
                counts.put(parameter.getId(), e.getValue());
                i++;
            }
            numUpdate = steps;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated ResumableAdam state", e);
        }
    }

    private static void put(Map<String, Map<Device, NDArray>> state, Parameter parameter, NDArray array) {
        if (!array.getShape().equals(parameter.getArray().getShape())) {
            throw new IllegalArgumentException("the state's " + parameter.getName() + " is " + array.getShape()
                    + ", the block's " + parameter.getArray().getShape());
        }
        Map<Device, NDArray> perDevice = new ConcurrentHashMap<>();
        perDevice.put(array.getDevice(), array);
        state.put(parameter.getId(), perDevice);
    }

    /** Every device holds the same moments (each gets the same summed gradient), so any copy will do. */
    private static NDArray anyCopy(Map<Device, NDArray> perDevice) {
        return perDevice.values().iterator().next();
    }

    private static Map<String, Parameter> byName(Block block) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (map.put(p.getKey(), p.getValue()) != null) {
                throw new IllegalArgumentException("the block has two parameters named " + p.getKey());
            }
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
