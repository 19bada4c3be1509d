package dev.prequel.preprocess.format;

import dev.prequel.preprocess.drop.FileRejectedException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The header of an IDX file (MNIST's format): two zero bytes, a type byte ({@code 0x08} = unsigned byte, the only
 * one accepted), the number of dimensions, then each dimension as a big-endian int32. Images are
 * {@code 0x00000803} (count, rows, columns), labels {@code 0x00000801} (count).
 */
record IdxHeader(int type, int[] dims) {

    static final int UNSIGNED_BYTE = 0x08;

    static IdxHeader read(DataInputStream in, String path) throws IOException {
        try {
            int magic = in.readInt();
            if ((magic >>> 16) != 0) {
                throw new FileRejectedException("corrupt-file", path + " is not an IDX file (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new FileRejectedException("corrupt-file", path + " holds IDX type 0x" + Integer.toHexString(type)
                        + "; only unsigned bytes (0x08) are accepted");
            }
            if (rank < 1 || rank > 4) {
                throw new FileRejectedException("corrupt-file", path + " declares " + rank + " dimensions");
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new FileRejectedException("corrupt-file", path + " declares a negative dimension");
                }
            }
            return new IdxHeader(type, dims);
        } catch (EOFException e) {
            throw new FileRejectedException("corrupt-file", path + " is truncated inside its IDX header");
        }
    }

    /** Checks the rank: 3 for images (count, rows, columns), 1 for labels. */
    IdxHeader require(int rank, String path) {
        if (dims.length != rank) {
            throw new FileRejectedException("corrupt-file", path + " has " + dims.length + " dimensions, expected "
                    + rank);
        }
        return this;
    }

    int count() {
        return dims[0];
    }

    @Override
    public String toString() {
        return "IdxHeader" + Arrays.toString(dims);
    }
}
