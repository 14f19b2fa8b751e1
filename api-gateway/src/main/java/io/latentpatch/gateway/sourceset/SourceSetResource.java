package io.latentpatch.gateway.sourceset;

import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.sourceset.SourceSetUpload.UploadedImage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.inject.Inject;
import io.latentpatch.gateway.access.Access;
import io.latentpatch.gateway.access.CallerTenant;
import io.latentpatch.gateway.job.JobService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import io.latentpatch.gateway.Paging;
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
    static final String REFERENCE = "referenceImage";

    private final SourceSetService sets;
    private final JobService jobs;
    private final Access access;
    @Inject
    CallerTenant caller;

    private final MaskUpload masks;

    public SourceSetResource(SourceSetService sets, JobService jobs, Access access) {
        this.sets = sets;
        this.jobs = jobs;
        this.access = access;
        this.masks = new MaskUpload(sets.validator().limits());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a source set", description = "Multipart: one or more 'images' parts (PNG or JPEG),"
            + " an optional 'labels' part (CSV with a header 'file,attr,...' or JSON keyed by file name or index), and"
            + " optional text parts 'align' (true: the encoder FFHQ-aligns every face instead of centre-cropping it) and"
            + " 'alignFailures' (fail, the default: a picture without a usable face fails the first job naming it; skip:"
            + " it is left out).")
    @APIResponse(responseCode = "201", description = "Stored; Location names the set")
    @APIResponse(responseCode = "400", description = "An image is damaged or too large in pixels (problem+json)")
    @APIResponse(responseCode = "413", description = "Too many images or bytes (problem+json)")
    @APIResponse(responseCode = "415", description = "An upload is not PNG or JPEG (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid labels, too few images (problem+json)")
    public Response upload(MultipartFormDataInput input) {
        List<UploadedImage> images = new ArrayList<>();
        String labels = null;
        String align = null;
        String alignFailures = null;
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
                case AlignParts.ALIGN -> align = text(part, AlignParts.ALIGN);
                case AlignParts.ALIGN_FAILURES -> alignFailures = text(part, AlignParts.ALIGN_FAILURES);
                default -> throw new ApiProblem(ProblemType.VALIDATION_FAILED, 422,
                        "unexpected part '" + part.getKey() + "'; expected '" + IMAGES + "' (files) and optionally '"
                                + LABELS + "', 'align', 'alignFailures'", List.of(new FieldError(part.getKey(), "unknown part")));
            }
        }
        SourceSetManifest.AlignRequest alignRequest = AlignParts.request(align, alignFailures);
        SourceSetUpload.Accepted accepted = sets.validator().validate(images, labels, IMAGES);
        String tenant = caller.id();
        jobs.checkStorage(tenant, access.limits(tenant), accepted.totalBytes());
        SourceSetManifest manifest = sets.store(tenant, accepted, sets.manifestFor(accepted, io.latentpatch.contracts.Ids.newId())
                .withAlign(alignRequest));
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
        return SourceSetView.of(manifest(id));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List source sets", description = "Most recent first, paged with offset and limit (1..100,"
            + " default 20); each with its image count, labels, date and links to its images (thumbnails).")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "422", description = "Bad offset or limit (problem+json naming it)")
    public Paging.Page<SourceSetView> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        SourceSetService.Page page = sets.list(caller.id(), paging.offset(), paging.limit());
        return new Paging.Page<>(page.items().stream()
                .map(m -> SourceSetView.of(m, page.encodedWith().get(m.setId()))).toList(), paging.offset(), paging.limit(),
                page.total(), paging.next("/v1/source-sets", page.total()));
    }

    @GET
    @Path("/{id}/images/{index: [0-9]{1,9}}")
    @Produces({"image/png", "image/jpeg"})
    @Operation(summary = "Source image i as uploaded", description = "The stored bytes (PNG or JPEG) of image i.")
    @APIResponse(responseCode = "200", description = "The image")
    @APIResponse(responseCode = "404", description = "No such set or index (problem+json)")
    public Response image(@PathParam("id") String id, @PathParam("index") int index) {
        SourceSetManifest m = manifest(id);
        if (index >= m.imageCount()) {
            throw ApiProblem.notFound("source set " + id + " has " + m.imageCount() + " images (0.." + (m.imageCount() - 1)
                    + "), not " + index);
        }
        SourceSetService.StoredImage image = sets.openImage(caller.id(), m, index);
        StreamingOutput body = out -> {
            try (InputStream in = image.bytes()) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, image.contentType()).header("Cache-Control", "max-age=86400, immutable").build();
    }

    @GET
    @Path("/{id}/aligned/alignment.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The alignment of a set uploaded with align=true", description = "Written by the encoder when"
            + " a first job encodes the set: the aligned images in order (image i of every job on the set), each with"
            + " its uploaded index and file name, the 2x3 matrix sourceToAligned from the uploaded picture's pixels to"
            + " the aligned ones, scale, rotation, eye centres and face box; and the pictures skipped, with why.")
    @APIResponse(responseCode = "200", description = "The alignment")
    @APIResponse(responseCode = "404", description = "No such set, not uploaded with align=true, or not aligned yet (problem+json)")
    public Response alignment(@PathParam("id") String id) {
        SourceSetManifest m = manifest(id);
        byte[] json = sets.findAlignment(caller.id(), requireAligned(m)).orElseThrow(() -> notAlignedYet(id));
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/aligned/{index: [0-9]{1,9}}.png")
    @Produces("image/png")
    @Operation(summary = "Aligned image i of a set uploaded with align=true", description = "The FFHQ-aligned square the"
            + " encoder made of the set's i-th kept image (see alignment.json), 8-bit PNG at the codec's input side.")
    @APIResponse(responseCode = "200", description = "The image")
    @APIResponse(responseCode = "404", description = "No such set or index, not aligned, or not aligned yet (problem+json)")
    public Response alignedImage(@PathParam("id") String id, @PathParam("index") int index) {
        SourceSetManifest m = manifest(id);
        io.latentpatch.contracts.SourceSetAlignment alignment = sets.alignment(caller.id(), requireAligned(m))
                .orElseThrow(() -> notAlignedYet(id));
        int n = alignment.images().size();
        if (index >= n) {
            throw ApiProblem.notFound("source set " + id + " has " + n + " aligned images (0.." + (n - 1) + "), not " + index);
        }
        InputStream in = sets.openAligned(caller.id(), id, index);
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "image/png").header("Cache-Control", "max-age=86400, immutable").build();
    }

    private static String requireAligned(SourceSetManifest m) {
        if (m.align() == null) {
            throw ApiProblem.notFound("source set " + m.setId() + " was not uploaded with align=true, so it has no aligned images");
        }
        return m.setId();
    }

    private static ApiProblem notAlignedYet(String id) {
        return ApiProblem.notFound("source set " + id + " is not aligned yet: the encoder aligns it when a first job on it"
                + " is encoded (a job that failed on a picture without a face names it)");
    }

    @POST
    @Path("/{id}/masks")
    @Consumes("image/png")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload an edit mask", description = "Body: an opaque PNG of any size, white where an edit"
            + " regenerates the target, black where it keeps it (mapped onto the model's grid by majority per cell)."
            + " The answer's 'region' is the value for params.region of an edit job on this set.")
    @APIResponse(responseCode = "201", description = "Stored (the same picture again gives the same key)")
    @APIResponse(responseCode = "400", description = "Damaged PNG (problem+json)")
    @APIResponse(responseCode = "404", description = "No such set (problem+json)")
    @APIResponse(responseCode = "415", description = "Not a PNG (problem+json)")
    @APIResponse(responseCode = "422", description = "Empty body or no bright pixel (problem+json)")
    public Response uploadMask(@PathParam("id") String id, byte[] body) {
        manifest(id);
        byte[] png = masks.check(body);
        jobs.checkStorage(caller.id(), access.limits(caller.id()), png.length);
        String key = sets.storeMask(caller.id(), id, png);
        return Response.status(201).entity(new StoredMask(key, id)).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{id}/references")
    @Consumes({"image/png", "image/jpeg"})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload an outside reference or edit target", description = "Body: a PNG or JPEG that is not one"
            + " of the set's sources. The answer's 'referenceImage' is the value for params.referenceImage of a reference"
            + " or edit job on this set (instead of params.reference); the encoder encodes it with the job's model.")
    @APIResponse(responseCode = "201", description = "Stored (the same picture again gives the same key)")
    @APIResponse(responseCode = "400", description = "Damaged image or too many pixels (problem+json)")
    @APIResponse(responseCode = "404", description = "No such set (problem+json)")
    @APIResponse(responseCode = "413", description = "Image too large (problem+json)")
    @APIResponse(responseCode = "415", description = "Not PNG or JPEG (problem+json)")
    public Response uploadReference(@PathParam("id") String id, byte[] body) {
        manifest(id);
        SourceSetUpload.Accepted accepted = sets.validator().validateOne(new UploadedImage("reference", body), REFERENCE);
        boolean jpeg = accepted.formats().get(0) == io.latentpatch.imaging.ImageFormat.JPEG;
        jobs.checkStorage(caller.id(), access.limits(caller.id()), accepted.totalBytes());
        String key = sets.storeReference(caller.id(), id, accepted.images().get(0), jpeg);
        return Response.status(201).entity(new StoredReference(key, id, accepted.sizes().get(0)))
                .type(MediaType.APPLICATION_JSON).build();
    }

    /**
     * A stored outside reference / edit target.
     *
     * @param referenceImage its object key: the value of {@code params.referenceImage}
     * @param sourceSetId    the set it was uploaded for
     * @param size           its pixel size
     */
    public record StoredReference(String referenceImage, String sourceSetId, io.latentpatch.contracts.ImageSize size) {
    }

    /**
     * A stored edit mask.
     *
     * @param region      its object key: the value of {@code params.region} in an edit job
     * @param sourceSetId the set it was uploaded for
     */
    public record StoredMask(String region, String sourceSetId) {
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a source set", description = "The set and everything derived from it: its images, the"
            + " latents and PCA bases of every model, its masks and references. Jobs still running on it fail; finished"
            + " jobs keep their results.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such set (problem+json)")
    public Response delete(@PathParam("id") String id) {
        manifest(id);
        sets.delete(caller.id(), id);
        return Response.noContent().build();
    }

    private SourceSetManifest manifest(String id) {
        return sets.find(caller.id(), id).orElseThrow(() -> ApiProblem.notFound("no source set '" + id + "'"));
    }

    private static String text(Map.Entry<String, Collection<FormValue>> part, String name) {
        if (part.getValue().size() != 1) throw ApiProblem.invalid(name, "send at most one " + name + " part, got " + part.getValue().size());
        FormValue v = part.getValue().iterator().next();
        return v.isFileItem() ? new String(bytes(v), StandardCharsets.UTF_8) : v.getValue();
    }

    private static byte[] bytes(FormValue v) {
        try (InputStream in = v.getFileItem().getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded part " + v.getFileName(), e);
        }
    }
}
