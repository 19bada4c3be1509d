package dev.prequel.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows validation accuracy over a job's epochs: the best epoch so far (the earliest of equals), how many epochs in
 * a row have not beaten it (early stop), and, when the best weights are to be kept, a copy of them. Its state goes
 * into the checkpoint beside the optimizer's, so a resumed job keeps and stops where an uninterrupted one would.
 */
final class BestEpoch implements AutoCloseable {

    private final boolean keepWeights;
    private final NDManager manager;
    private int epoch;
    private double accuracy = Double.NEGATIVE_INFINITY;
    private int stalled;
    private NDList weights;

    BestEpoch(boolean keepWeights, NDManager parent) {
        this.keepWeights = keepWeights;
        this.manager = parent.newSubManager();
    }

    /** Records an epoch's validation accuracy; copies the weights when it is the best so far and they are kept. */
    boolean offer(int epochNumber, double validationAccuracy, Block block) {
        if (validationAccuracy > accuracy) {
            epoch = epochNumber;
            accuracy = validationAccuracy;
            stalled = 0;
            if (keepWeights) {
                NDList copy = new NDList();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    NDArray c = p.getValue().getArray().duplicate();
                    c.attach(manager);
                    copy.add(c);
                }
                if (weights != null) {
                    weights.close();
                }
                weights = copy;
            }
            return true;
        }
        stalled++;
        return false;
    }

    int epoch() {
        return epoch;
    }

    int stalled() {
        return stalled;
    }

    /** Puts the best epoch's weights back into {@code block}; false when there are none to put back. */
    boolean restore(Block block) {
        if (weights == null) {
            return false;
        }
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().set(weights.get(i++).toByteBuffer());
        }
        return true;
    }

    byte[] export() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(epoch);
            out.writeDouble(accuracy);
            out.writeInt(stalled);
            byte[] encoded = weights == null ? new byte[0] : weights.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void importState(byte[] state, Block block) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            epoch = in.readInt();
            accuracy = in.readDouble();
            stalled = in.readInt();
            byte[] encoded = in.readNBytes(in.readInt());
            if (weights != null) {
                weights.close();
                weights = null;
            }
            if (encoded.length > 0) {
                NDList decoded = NDList.decode(manager, encoded);
                if (decoded.size() != block.getParameters().size()) {
                    throw new IllegalArgumentException("the best epoch's weights do not fit the block");
                }
                weights = decoded;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated best-epoch state", e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Splits the checkpoint's bytes into the optimizer's and this tracker's; an older checkpoint holds Adam's alone. */
    static final class State {
        private static final int MAGIC = 0x50515453; // "PQTS"

        static byte[] join(byte[] optimizer, byte[] best) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeInt(optimizer.length);
                out.write(optimizer);
                out.writeInt(best.length);
                out.write(best);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** {optimizer, best (null for an older checkpoint)}. */
        static byte[][] split(byte[] state) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
                if (state.length < 4 || in.readInt() != MAGIC) {
                    return new byte[][] {state, null};
                }
                byte[] optimizer = in.readNBytes(in.readInt());
                byte[] best = in.readNBytes(in.readInt());
                List<byte[]> parts = new ArrayList<>(List.of(optimizer, best));
                return parts.toArray(new byte[0][]);
            } catch (IOException e) {
                throw new IllegalArgumentException("truncated training state", e);
            }
        }

        private State() {
        }
    }
}
