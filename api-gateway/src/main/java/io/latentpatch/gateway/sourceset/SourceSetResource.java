package io.latentpatch.gateway.sourceset;

import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.sourceset.SourceSetUpload.UploadedImage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** {@code /v1/source-sets}: upload a set of source images (and labels) once, use it in many jobs. */
@Path("/v1/source-sets")
public class SourceSetResource {

    static final String IMAGES = "images";
    static final String LABELS = "labels";

    private final SourceSetService sets;

    public SourceSetResource(SourceSetService sets) {
        this.sets = sets;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a source set", description = "Multipart: one or more 'images' parts (PNG or JPEG) and"
            + " an optional 'labels' part (CSV with a header 'file,attr,...' or JSON keyed by file name or index).")
    @APIResponse(responseCode = "201", description = "Stored; Location names the set")
    @APIResponse(responseCode = "400", description = "An image is damaged or too large in pixels (problem+json)")
    @APIResponse(responseCode = "413", description = "Too many images or bytes (problem+json)")
    @APIResponse(responseCode = "415", description = "An upload is not PNG or JPEG (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid labels, too few images (problem+json)")
    public Response upload(MultipartFormDataInput input) {
        List<UploadedImage> images = new ArrayList<>();
        String labels = null;
        for (Map.Entry<String, Collection<FormValue>> part : input.getValues().entrySet()) {
            switch (part.getKey()) {
                case IMAGES -> {
                    int i = 0;
                    for (FormValue v : part.getValue()) {
                        if (!v.isFileItem()) {
                            throw ApiProblem.invalid(IMAGES + "[" + i + "]", "expected a file part (Content-Disposition"
                                    + " with a filename), got a text field");
                        }
                        images.add(new UploadedImage(v.getFileName(), bytes(v)));
                        i++;
                    }
                }
                case LABELS -> {
                    if (part.getValue().size() != 1) {
                        throw ApiProblem.invalid(LABELS, "send at most one labels part, got " + part.getValue().size());
                    }
                    FormValue v = part.getValue().iterator().next();
                    byte[] raw = v.isFileItem() ? bytes(v) : v.getValue().getBytes(StandardCharsets.UTF_8);
                    labels = sets.validator().labelsText(raw, LABELS);
                }
                default -> throw new ApiProblem(ProblemType.VALIDATION_FAILED, 422,
                        "unexpected part '" + part.getKey() + "'; expected '" + IMAGES + "' (files) and optionally '"
                                + LABELS + "'", List.of(new FieldError(part.getKey(), "unknown part")));
            }
        }
        SourceSetManifest manifest = sets.store(sets.validator().validate(images, labels, IMAGES));
        return Response.created(URI.create(SourceSetView.path(manifest.setId())))
                .entity(SourceSetView.of(manifest)).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Describe a source set")
    @APIResponse(responseCode = "200", description = "The set")
    @APIResponse(responseCode = "404", description = "No such set (problem+json)")
    public SourceSetView get(@PathParam("id") String id) {
        return sets.find(id).map(SourceSetView::of)
                .orElseThrow(() -> ApiProblem.notFound("no source set '" + id + "'"));
    }

    private static byte[] bytes(FormValue v) {
        try (InputStream in = v.getFileItem().getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded part " + v.getFileName(), e);
        }
    }
}
