package dev.prequel.serving.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.model.image.ImageShape;
import dev.prequel.serving.budget.BudgetExceededException;
import dev.prequel.serving.budget.InputBudget;
import dev.prequel.serving.input.InputRejectedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The request reader and the tensor decoder on a 1×2×2 model that takes up to 2 images per request. */
class InferenceRequestParserTest {

    private static final InputBudget BUDGET = InputBudget.of(new ImageShape(1, 2, 2), 2, 4);

    private static InferenceRequest parse(String json) {
        return InferenceRequestParser.parse(json.getBytes(StandardCharsets.UTF_8), null, BUDGET);
    }

    private static List<byte[]> images(String json) {
        return InputTensorDecoder.images(parse(json), BUDGET);
    }

    private static String pixels(String datatype, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape + ",\"data\":"
                + data + "}]}";
    }

    @Test
    void readsNestedAndFlatPixelTensors() {
        List<byte[]> flat = images(pixels("UINT8", "[2,1,2,2]", "[0,1,2,3,252,253,254,255]"));
        assertEquals(2, flat.size());
        assertArrayEquals(new byte[] {(byte) 252, (byte) 253, (byte) 254, (byte) 255}, flat.get(1));
        List<byte[]> nested = images(pixels("UINT8", "[1,2,2]", "[[[0,1],[2,3]]]"));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, nested.get(0));
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255, 0}, images(pixels("FP32", "[1,1,2,2]", "[0,0.5,1.0,0]")).get(0));
    }

    @Test
    void valuesOutsideTheirDatatypeRangeAreRefused() {
        assertThrows(InputRejectedException.class, () -> images(pixels("UINT8", "[1,1,2,2]", "[0,0,0,300]")));
        assertThrows(InputRejectedException.class, () -> images(pixels("UINT8", "[1,1,2,2]", "[0,0,0,-1]")));
        assertThrows(InputRejectedException.class, () -> images(pixels("UINT8", "[1,1,2,2]", "[0,0,0,1.5]")));
        InputRejectedException scale = assertThrows(InputRejectedException.class,
                () -> images(pixels("FP32", "[1,1,2,2]", "[0,12,255,3]")));
        assertTrue(scale.getMessage().contains("0..1"), scale.getMessage());
    }

    @Test
    void theDeclaredShapeMustMatchTheDataAndTheModel() {
        assertThrows(InputRejectedException.class, () -> images(pixels("UINT8", "[2,1,2,2]", "[0,1,2,3]")));
        assertThrows(InputRejectedException.class, () -> images(pixels("UINT8", "[1,3,2,2]", "[0,1,2,3]")));
        assertThrows(InputRejectedException.class, () -> images(
                "{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[2],\"data\":[\"aGk=\"]}]}"));
        assertThrows(InputRejectedException.class, () -> images(
                "{\"inputs\":[{\"name\":\"other\",\"datatype\":\"UINT8\",\"shape\":[1,1,2,2],\"data\":[0,1,2,3]}]}"));
    }

    @Test
    void tensorsBeyondTheBudgetAreRefusedWhileRead() {
        String many = IntStream.range(0, 12).mapToObj(i -> "0").collect(Collectors.joining(",", "[", "]"));
        assertThrows(BudgetExceededException.class, () -> images(pixels("UINT8", "[3,1,2,2]", many)));
        String huge = IntStream.range(0, 10_000).mapToObj(i -> "0").collect(Collectors.joining(",", "[", "]"));
        assertThrows(BudgetExceededException.class, () -> parse(pixels("UINT8", "[1,1,2,2]", huge)));
        assertThrows(BudgetExceededException.class, () -> parse(
                "{\"inputs\":[{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[3],\"data\":[\"a\",\"b\",\"c\"]}]}"));
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() {
        assertThrows(InputRejectedException.class, () -> parse("{\"inputs\":[{\"name\":"));
        assertThrows(InputRejectedException.class, () -> parse("[1,2]"));
        assertThrows(InputRejectedException.class, () -> parse("{\"id\":null,\"inputs\":[]}"));
        assertThrows(InputRejectedException.class, () -> parse("{\"id\":\"x\"}"));
        assertThrows(InputRejectedException.class, () -> parse(pixels("UINT8", "[1,1,2,2]", "[true,0,0,0]")));
    }

    @Test
    void binaryInputsFollowTheHeaderInOrderAndMustUseEveryByte() {
        String header = "{\"id\":\"b\",\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[1,1,2,2],"
                + "\"parameters\":{\"binary_data_size\":16}}],\"outputs\":[{\"name\":\"label\","
                + "\"parameters\":{\"binary_data\":true}}],\"parameters\":{\"binary_data_output\":false}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(json.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        body.put(json).putFloat(0f).putFloat(1f).putFloat(0.2f).putFloat(1f);
        InferenceRequest request = InferenceRequestParser.parse(body.array(), json.length, BUDGET);
        assertEquals("b", request.id());
        assertEquals(List.of(new InferenceRequest.RequestedOutput("label", true)), request.outputs());
        assertArrayEquals(new byte[] {0, (byte) 255, 51, (byte) 255}, InputTensorDecoder.images(request, BUDGET).get(0));

        byte[] extra = java.util.Arrays.copyOf(body.array(), body.capacity() + 1);
        assertThrows(InputRejectedException.class, () -> InferenceRequestParser.parse(extra, json.length, BUDGET));
        byte[] cut = java.util.Arrays.copyOf(body.array(), body.capacity() - 1);
        assertThrows(InputRejectedException.class, () -> InferenceRequestParser.parse(cut, json.length, BUDGET));
        assertThrows(InputRejectedException.class, () -> InferenceRequestParser.parse(body.array(), json.length + 99, BUDGET));
    }

    @Test
    void withoutAnIdTheResponseHasNone() {
        assertNull(parse(pixels("UINT8", "[1,1,2,2]", "[0,1,2,3]")).id());
    }
}
