package dev.prequel.serving.oip;

import dev.prequel.serving.batch.BatchScheduler;
import dev.prequel.serving.batch.QueueFullException;
import dev.prequel.serving.batch.VersionNotServedException;
import dev.prequel.serving.budget.BoundedRead;
import dev.prequel.serving.config.ServingConfig;
import dev.prequel.serving.input.ImageDecoding;
import dev.prequel.serving.registry.ModelRegistry;
import dev.prequel.serving.registry.PromotionFollower;
import dev.prequel.serving.registry.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Open Inference Protocol v2 REST endpoints (KServe's dialect, as tritonclient and KServe clients speak it),
 * each model endpoint also under {@code /versions/{version}} for the served version and the previous one.
 * Requests are read and decoded on a worker thread, never the event loop, then wait for their batch without
 * holding the thread.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InferenceResource {

    private final ModelRegistry registry;
    private final PromotionFollower follower;
    private final BatchScheduler scheduler;
    private final ImageDecoding imageDecoding;
    private final MeterRegistry meters;
    private final long maxBodyBytes;
    /** Requests being read and decoded; a body is held in memory only while its request has a permit. */
    private final Semaphore decoding;
    private final String serverVersion;

    public InferenceResource(ModelRegistry registry, PromotionFollower follower, BatchScheduler scheduler,
            ImageDecoding imageDecoding, MeterRegistry meters, ServingConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String serverVersion) {
        this.registry = registry;
        this.follower = follower;
        this.scheduler = scheduler;
        this.imageDecoding = imageDecoding;
        this.meters = meters;
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
        this.decoding = new Semaphore(config.limits().maxConcurrentDecodes());
        this.serverVersion = serverVersion;
    }

    @GET
    public ServerMetadata server() {
        return new ServerMetadata("prequel-serving", serverVersion, List.of(ServerMetadata.BINARY_TENSOR_DATA));
    }

    @GET
    @Path("/health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    /** Ready once the champions found at start are loaded and at least one model is served. */
    @GET
    @Path("/health/ready")
    public Response ready() {
        boolean ready = follower.caughtUp() && !registry.isEmpty();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    public ModelMetadata metadata(@PathParam("model") String model) {
        return metadataOf(served(model, null), registry.versions(model));
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    public ModelMetadata metadata(@PathParam("model") String model, @PathParam("version") String version) {
        return metadataOf(served(model, version), List.of(version));
    }

    @GET
    @Path("/models/{model}/ready")
    public Map<String, Object> modelReady(@PathParam("model") String model) {
        return Map.of("name", model, "ready", served(model, null) != null);
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    public Map<String, Object> modelReady(@PathParam("model") String model, @PathParam("version") String version) {
        return Map.of("name", model, "version", version, "ready", served(model, version) != null);
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> infer(@PathParam("model") String model,
            @HeaderParam(InferenceResponseWriter.HEADER_LENGTH) String headerLength, InputStream body) {
        return infer(model, null, headerLength, body);
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> inferVersion(@PathParam("model") String model,
            @PathParam("version") String version,
            @HeaderParam(InferenceResponseWriter.HEADER_LENGTH) String headerLength, InputStream body) {
        return infer(model, version, headerLength, body);
    }

    private CompletionStage<Response> infer(String model, String version, String headerLength, InputStream body) {
        long start = System.nanoTime();
        return inferUnmeasured(model, version, headerLength, body, start).whenComplete((response, failure) -> {
            int status = response == null ? 500 : response.getStatus();
            if (status != 200) {
                // Only served lines become tag values: a client's made-up model name must not grow the metric set.
                String line = registry.current(model).isPresent() ? model : "unknown";
                meters.counter("prequel.serving.rejected", "model", line, "reason", rejection(status)).increment();
            }
        });
    }

    /** The reason tag of a refused request, from its status. */
    static String rejection(int status) {
        return switch (status) {
            case 400 -> "bad-input";
            case 404 -> "not-served";
            case 413 -> "over-budget";
            case 429, 503 -> "overloaded";
            default -> "error-" + status;
        };
    }

    private CompletionStage<Response> inferUnmeasured(String model, String version, String headerLength,
            InputStream body, long start) {
        if (!decoding.tryAcquire()) {
            return CompletableFuture.completedFuture(OipErrors.of(new QueueFullException(
                    "the server is decoding as many requests as it may; retry later")));
        }
        InferenceRequest request;
        InferenceResponseWriter.Plan plan;
        List<byte[]> images;
        try {
            ServedModel served = served(model, version);
            byte[] bytes = BoundedRead.readAtMost(body, maxBodyBytes, "the request body");
            request = InferenceRequestParser.parse(bytes, headerLength(headerLength), served.budget());
            plan = InferenceResponseWriter.plan(request);
            images = InputTensorDecoder.images(request, served.budget(), imageDecoding);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(OipErrors.of(e));
        } finally {
            decoding.release();
        }
        try {
            return scheduler.submit(model, version, images).thenApply(scores -> {
                meters.counter("prequel.serving.predictions", "model", model, "door", "http").increment(images.size());
                Response answer = InferenceResponseWriter.write(model, request, plan, scores);
                Timer.builder("prequel.serving.inference.latency").description("HTTP infer, request to answer")
                        .tags("model", model, "version", scores.version()).publishPercentileHistogram()
                        .register(meters).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return answer;
            }).exceptionally(OipErrors::of);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(OipErrors.of(e));
        }
    }

    private static Integer headerLength(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new dev.prequel.serving.input.InputRejectedException(
                    InferenceResponseWriter.HEADER_LENGTH + " must be a number of bytes");
        }
    }

    /** The named version, or the served one; a version not loaded is a 404. */
    private ServedModel served(String model, String version) {
        return (version == null ? registry.current(model) : registry.find(model, version))
                .orElseThrow(() -> new VersionNotServedException(model, version));
    }

    private static ModelMetadata metadataOf(ServedModel served, List<String> versions) {
        var s = served.shape();
        return new ModelMetadata(served.model(), versions, "pytorch_djl",
                List.of(new ModelMetadata.Tensor(InputTensorDecoder.IMAGE_INPUT, "BYTES", List.of(-1L)),
                        new ModelMetadata.Tensor(InputTensorDecoder.PIXELS_INPUT, "UINT8",
                                List.of(-1L, (long) s.channels(), (long) s.height(), (long) s.width()))),
                List.of(new ModelMetadata.Tensor(InferenceResponseWriter.LABEL, "BYTES", List.of(-1L)),
                        new ModelMetadata.Tensor(InferenceResponseWriter.PROBABILITIES, "FP32",
                                List.of(-1L, (long) served.classes().size()))),
                served.classes());
    }
}
