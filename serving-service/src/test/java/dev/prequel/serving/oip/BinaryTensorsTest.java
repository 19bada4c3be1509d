package dev.prequel.serving.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.serving.input.InputRejectedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryTensorsTest {

    @Test
    void bytesElementsAreLittleEndianLengthPrefixed() {
        byte[] encoded = BinaryTensors.writeBytesElements(List.of("7", "cat"));
        assertArrayEquals(new byte[] {1, 0, 0, 0, '7', 3, 0, 0, 0, 'c', 'a', 't'}, encoded);
        byte[] framed = new byte[encoded.length + 3];
        System.arraycopy(encoded, 0, framed, 3, encoded.length);
        List<byte[]> back = BinaryTensors.readBytesElements(framed, 3, encoded.length, 2);
        assertEquals("7", new String(back.get(0), StandardCharsets.UTF_8));
        assertEquals("cat", new String(back.get(1), StandardCharsets.UTF_8));
    }

    @Test
    void floatsAreLittleEndianRowMajor() {
        byte[] out = BinaryTensors.writeFloats(new float[][] {{1f, 0.5f}, {-2f, 0f}});
        ByteBuffer in = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, in.getFloat());
        assertEquals(0.5f, in.getFloat());
        assertEquals(-2f, in.getFloat());
        assertEquals(0.5f, BinaryTensors.readFloat(out, 4));
    }

    @Test
    void truncatedOrOverlongElementsAreRefused() {
        assertThrows(InputRejectedException.class, () -> BinaryTensors.readBytesElements(new byte[] {5, 0, 0, 0, 1}, 0, 5, 1));
        assertThrows(InputRejectedException.class, () -> BinaryTensors.readBytesElements(new byte[] {1, 0}, 0, 2, 1));
        assertThrows(InputRejectedException.class, () -> BinaryTensors.readBytesElements(new byte[] {-1, -1, -1, -1}, 0, 4, 1));
        byte[] two = BinaryTensors.writeBytesElements(List.of("a", "b"));
        assertThrows(InputRejectedException.class, () -> BinaryTensors.readBytesElements(two, 0, two.length, 1));
    }
}
