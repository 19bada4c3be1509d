package dev.prequel.serving.oip;

import dev.prequel.model.image.ImageRejectedException;
import dev.prequel.serving.registry.ImageScorer;
import dev.prequel.serving.registry.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Open Inference Protocol v2 endpoints (KServe's REST dialect) for every served model line. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InferenceResource {

    private final ModelRegistry registry;
    private final MeterRegistry meters;

    public InferenceResource(ModelRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        this.meters = meters;
    }

    @GET
    @Path("/health/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    public Response ready() {
        boolean ready = !registry.isEmpty();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}/ready")
    public Response modelReady(@PathParam("model") String model) {
        boolean ready = registry.versionOf(model).isPresent();
        return Response.status(ready ? 200 : 404).entity(Map.of("name", model, "ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    public Response metadata(@PathParam("model") String model) {
        return registry.withModel(model, served -> {
            var s = served.shape();
            List<Long> in = List.of(-1L, (long) s.channels(), (long) s.height(), (long) s.width());
            return Response.ok(new ModelMetadata(model, List.of(served.version()), "pytorch_djl",
                    List.of(new ModelMetadata.Tensor("image", "UINT8", in),
                            new ModelMetadata.Tensor("image", "BYTES", List.of(-1L))),
                    List.of(new ModelMetadata.Tensor("label", "BYTES", List.of(-1L)),
                            new ModelMetadata.Tensor("probabilities", "FP32", List.of(-1L, (long) served.classes().size()))),
                    served.classes())).build();
        }).orElseGet(() -> notFound(model));
    }

    @POST
    @Path("/models/{model}/infer")
    public Response infer(@PathParam("model") String model, InferenceRequest request) {
        if (request == null || request.inputs() == null || request.inputs().size() != 1) {
            return error(400, "expected exactly one input tensor");
        }
        try {
            return registry.withModel(model, served -> {
                List<byte[]> images = InputDecoder.images(request.inputs().get(0), served.shape());
                List<String> labels = new ArrayList<>();
                List<Float> probabilities = new ArrayList<>();
                for (byte[] pixels : images) {
                    float[] p = served.classifier().probabilities(pixels);
                    labels.add(ImageScorer.top(p, served.classes(), 1).get(0).label());
                    for (float v : p) {
                        probabilities.add(v);
                    }
                }
                meters.counter("prequel.serving.predictions", "model", model, "door", "http").increment(images.size());
                long n = images.size();
                return Response.ok(new InferenceResponse(model, served.version(), request.id(), List.of(
                        new InferenceResponse.Output("label", List.of(n), "BYTES", labels),
                        new InferenceResponse.Output("probabilities", List.of(n, (long) served.classes().size()), "FP32",
                                probabilities)))).build();
            }).orElseGet(() -> notFound(model));
        } catch (InputDecoder.BadInputException e) {
            return error(400, e.getMessage());
        } catch (ImageRejectedException e) {
            return error(400, e.reason() + ": " + e.getMessage());
        }
    }

    private static Response notFound(String model) {
        return error(404, "no version of model '" + model + "' is being served");
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
