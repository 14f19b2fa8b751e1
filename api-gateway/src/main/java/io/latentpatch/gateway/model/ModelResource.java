package io.latentpatch.gateway.model;

import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.service.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /v1/models}: the models the workers published, each with its grid and the parameter defaults on it. */
@Path("/v1/models")
public class ModelResource {

    private final ModelRegistry models;

    public ModelResource(ModelRegistry models) {
        this.models = models;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the models", description = "Every model of the registry (published by the workers when"
            + " they start), sorted by name: L, downscale, image size, grid M and the paper's defaults for that grid.")
    @APIResponse(responseCode = "200", description = "The models; empty when no worker has started yet")
    public List<ModelView> list() {
        List<ModelView> out = new ArrayList<>();
        for (String name : models.available()) {
            models.find(name).map(ModelView::of).ifPresent(out::add);
        }
        return out;
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Describe one model")
    @APIResponse(responseCode = "200", description = "The model")
    @APIResponse(responseCode = "404", description = "No such model (problem+json)")
    public ModelView get(@PathParam("name") String name) {
        return models.find(name).map(ModelView::of).orElseThrow(() -> ApiProblem.notFound("no model '" + name
                + "'; available: " + String.join(", ", models.available())));
    }
}
