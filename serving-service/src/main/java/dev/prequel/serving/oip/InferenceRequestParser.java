package dev.prequel.serving.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prequel.serving.budget.InputBudget;
import dev.prequel.serving.input.InputRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an inference request body: a JSON header, then, with the binary tensor data extension, the raw tensors
 * of the inputs whose {@code parameters.binary_data_size} says so, in input order (the header's length is in
 * {@code Inference-Header-Content-Length}). Tensor values are streamed into primitive arrays, and their count is
 * checked against the model's budget while they are read, so no value becomes an object and no tensor grows
 * past the budget.
 */
final class InferenceRequestParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    /** Nested data arrays deeper than this are not a tensor an image model takes. */
    private static final int MAX_DEPTH = 8;

    private InferenceRequestParser() {
    }

    /**
     * @param headerLength the JSON header's length in bytes, or null when the whole body is JSON
     * @throws InputRejectedException for malformed requests (400)
     * @throws dev.prequel.serving.budget.BudgetExceededException for tensors larger than the budget (413)
     */
    static InferenceRequest parse(byte[] body, Integer headerLength, InputBudget budget) {
        int jsonLength = headerLength == null ? body.length : headerLength;
        if (jsonLength < 0 || jsonLength > body.length) {
            throw new InputRejectedException("Inference-Header-Content-Length " + headerLength
                    + " does not fit a body of " + body.length + " bytes");
        }
        Header header;
        try (JsonParser p = JSON.createParser(body, 0, jsonLength)) {
            header = readHeader(p, budget);
            if (p.nextToken() != null) {
                throw new InputRejectedException("unexpected content after the JSON request");
            }
        } catch (JsonProcessingException e) {
            throw new InputRejectedException("the request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputRejectedException("the request cannot be read: " + e.getMessage());
        }
        return new InferenceRequest(header.id, attachBinary(header.inputs, body, jsonLength), header.outputs,
                header.binaryDataOutput);
    }

    /** The JSON part, with binary inputs still waiting for their bytes. */
    private record PendingInput(String name, String datatype, long[] shape, TensorData data, Long binarySize) {
    }

    private static final class Header {
        String id;
        List<PendingInput> inputs;
        List<InferenceRequest.RequestedOutput> outputs = List.of();
        boolean binaryDataOutput;
    }

    private static Header readHeader(JsonParser p, InputBudget budget) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InputRejectedException("the request must be a JSON object");
        }
        Header h = new Header();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> h.id = text(p, value, "id");
                case "parameters" -> h.binaryDataOutput = bool(object(p, value, "parameters"), "binary_data_output");
                case "inputs" -> h.inputs = inputs(p, value, budget);
                case "outputs" -> h.outputs = outputs(p, value);
                default -> p.skipChildren();
            }
        }
        if (h.inputs == null) {
            throw new InputRejectedException("the request has no \"inputs\"");
        }
        return h;
    }

    private static List<PendingInput> inputs(JsonParser p, JsonToken value, InputBudget budget) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InputRejectedException("\"inputs\" must be an array");
        }
        List<PendingInput> inputs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new InputRejectedException("each input must be an object");
            }
            if (inputs.size() >= 4) {
                throw new InputRejectedException("too many inputs: the model takes one");
            }
            inputs.add(input(p, budget));
        }
        return inputs;
    }

    private static PendingInput input(JsonParser p, InputBudget budget) throws IOException {
        String name = null;
        String datatype = null;
        long[] shape = null;
        TensorData data = null;
        Long binarySize = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, value, "input name");
                case "datatype" -> datatype = text(p, value, "datatype");
                case "shape" -> shape = shape(p, value);
                case "parameters" -> {
                    JsonNode size = object(p, value, "parameters").get("binary_data_size");
                    if (size != null) {
                        if (!size.canConvertToLong() || size.asLong() < 0) {
                            throw new InputRejectedException("binary_data_size must be a non-negative integer");
                        }
                        binarySize = size.asLong();
                    }
                }
                case "data" -> data = data(p, value, budget);
                default -> p.skipChildren();
            }
        }
        if (name == null || datatype == null || shape == null) {
            throw new InputRejectedException("each input needs name, datatype and shape");
        }
        if ((data == null) == (binarySize == null)) {
            throw new InputRejectedException("input '" + name + "' needs either \"data\" or a binary_data_size");
        }
        return new PendingInput(name, datatype, shape, data, binarySize);
    }

    private static long[] shape(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InputRejectedException("\"shape\" must be an array of integers");
        }
        long[] dims = new long[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || n == dims.length) {
                throw new InputRejectedException("\"shape\" must be at most 8 non-negative integers");
            }
            dims[n++] = p.getLongValue();
        }
        return Arrays.copyOf(dims, n);
    }

    /** Streams the values of a (possibly nested) data array into primitives, within the budget. */
    private static TensorData data(JsonParser p, JsonToken value, InputBudget budget) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InputRejectedException("\"data\" must be an array");
        }
        double[] numbers = new double[256];
        int count = 0;
        List<String> texts = null;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InputRejectedException("the request ends inside \"data\"");
            }
            switch (t) {
                case START_ARRAY -> {
                    if (++depth > MAX_DEPTH) {
                        throw new InputRejectedException("\"data\" is nested deeper than " + MAX_DEPTH);
                    }
                }
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (texts != null) {
                        throw new InputRejectedException("\"data\" mixes numbers and strings");
                    }
                    if (count == numbers.length) {
                        budget.checkElements(count + 1L);
                        numbers = Arrays.copyOf(numbers, (int) Math.min((long) count * 2, budget.maxElements()));
                    }
                    numbers[count++] = p.getDoubleValue();
                }
                case VALUE_STRING -> {
                    if (count > 0) {
                        throw new InputRejectedException("\"data\" mixes numbers and strings");
                    }
                    if (texts == null) {
                        texts = new ArrayList<>();
                    }
                    budget.checkImages(texts.size() + 1L);
                    texts.add(p.getText());
                }
                default -> throw new InputRejectedException("\"data\" may hold numbers (UINT8, FP32) or base64 strings"
                        + " (BYTES), not " + t.asString());
            }
        }
        return texts != null ? new TensorData.Texts(texts) : new TensorData.Numbers(numbers, count);
    }

    private static List<InferenceRequest.RequestedOutput> outputs(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new InputRejectedException("\"outputs\" must be an array");
        }
        List<InferenceRequest.RequestedOutput> outputs = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonNode o = object(p, p.currentToken(), "each output");
            if (!o.path("name").isTextual()) {
                throw new InputRejectedException("each requested output needs a name");
            }
            JsonNode binary = o.path("parameters").get("binary_data");
            if (binary != null && !binary.isBoolean()) {
                throw new InputRejectedException("binary_data must be true or false");
            }
            outputs.add(new InferenceRequest.RequestedOutput(o.get("name").asText(),
                    binary == null ? null : binary.asBoolean()));
        }
        return outputs;
    }

    /** Gives each binary input its slice of the bytes after the header; together they must use them all. */
    private static List<InferenceRequest.Input> attachBinary(List<PendingInput> pending, byte[] body, int jsonLength) {
        List<InferenceRequest.Input> inputs = new ArrayList<>();
        long at = jsonLength;
        for (PendingInput in : pending) {
            TensorData data = in.data();
            if (in.binarySize() != null) {
                if (at + in.binarySize() > body.length) {
                    throw new InputRejectedException("input '" + in.name() + "' declares " + in.binarySize()
                            + " binary bytes, but only " + (body.length - at) + " follow the header");
                }
                data = new TensorData.Binary(body, (int) at, (int) (long) in.binarySize());
                at += in.binarySize();
            }
            inputs.add(new InferenceRequest.Input(in.name(), in.datatype(), in.shape(), data));
        }
        if (at != body.length) {
            throw new InputRejectedException((body.length - at) + " bytes after the JSON belong to no input"
                    + " (binary inputs need parameters.binary_data_size and Inference-Header-Content-Length)");
        }
        return inputs;
    }

    private static String text(JsonParser p, JsonToken value, String what) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new InputRejectedException(what + " must be a string");
        }
        return p.getText();
    }

    private static JsonNode object(JsonParser p, JsonToken value, String what) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw new InputRejectedException(what + " must be a JSON object");
        }
        return MAPPER.readTree(p);
    }

    private static boolean bool(JsonNode parameters, String name) {
        JsonNode v = parameters.get(name);
        if (v != null && !v.isBoolean()) {
            throw new InputRejectedException(name + " must be true or false");
        }
        return v != null && v.asBoolean();
    }
}
