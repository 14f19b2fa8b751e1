package io.latentpatch.gateway.job;

import io.latentpatch.contracts.JobStatus;
import io.latentpatch.gateway.job.JobService.Artifact;
import io.latentpatch.gateway.job.JobService.Submitted;
import io.latentpatch.gateway.status.StallMonitor;
import io.latentpatch.gateway.access.CallerTenant;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.latentpatch.gateway.Paging;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

/** {@code /v1/jobs}: submit, follow, cancel jobs and download their results. Thin: logic in {@link JobService}. */
@Path("/v1/jobs")
public class JobResource {

    /** Header honoured by {@code POST /v1/jobs}. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on a response that repeats an earlier submission's job. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final String INDEX = "{index: [0-9]{1,9}}";

    private final JobService jobs;
    private final JobEventStream streams;
    @Inject
    StallMonitor stalls;
    @Inject
    CallerTenant caller;

    public JobResource(JobService jobs, JobEventStream streams) {
        this.jobs = jobs;
        this.streams = streams;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a job", description = "JSON: sourceSetId or inline base64 images (+ labels), model"
            + " (default pixel-f16), count, seed (default random, recorded), params (GenerationParams). Validated in full"
            + " before it is queued. With an Idempotency-Key, resending the same body returns the same job.")
    @APIResponse(responseCode = "202", description = "Queued; Location names the job")
    @APIResponse(responseCode = "200", description = "Same Idempotency-Key and body as an earlier submission: that job")
    @APIResponse(responseCode = "400", description = "Body is not JSON (problem+json)")
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with another body (problem+json)")
    @APIResponse(responseCode = "422", description = "Invalid fields, listed in 'errors' (problem+json)")
    @APIResponse(responseCode = "503", description = "Broker or store unavailable (problem+json)")
    public Response submit(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   schema = @Schema(implementation = SubmissionSchema.class))) byte[] body,
                           @Parameter(description = "Client-chosen key making retries safe (1-255 visible ASCII)")
                           @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        Submitted s = jobs.submit(caller.id(), body, idempotencyKey);
        Response.ResponseBuilder r = Response.status(s.replayed() ? 200 : 202)
                .location(URI.create(JobStatusView.path(s.request().jobId())))
                .entity(JobStatusView.of(s.status(), s.request())).type(MediaType.APPLICATION_JSON);
        if (s.replayed()) {
            r.header(REPLAYED, "true");
        }
        return r.build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List jobs", description = "Most recently accepted first, paged with offset and limit (1..100,"
            + " default 20): each job's status document, whose links name its thumbnail, images and archive.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "422", description = "Bad offset or limit (problem+json naming it)")
    public Paging.Page<JobStatusView> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Paging paging = Paging.of(offset, limit);
        JobService.Page page = jobs.list(caller.id(), paging.offset(), paging.limit());
        return new Paging.Page<>(page.items().stream().map(s -> JobStatusView.of(s.status(), s.request())).toList(),
                paging.offset(), paging.limit(), page.total(), paging.next("/v1/jobs", page.total()));
    }

    @GET
    @Path("/{id}/archive.zip")
    @Produces("application/zip")
    @Operation(summary = "Every file of a finished job as a zip", description = "request.json, status.json, images/,"
            + " provenance/ (.png, .npy), latents/, reports/ (and mask.png of an edit), streamed.")
    @APIResponse(responseCode = "200", description = "application/zip")
    @APIResponse(responseCode = "404", description = "No such job (problem+json)")
    @APIResponse(responseCode = "409", description = "The job has not finished yet (problem+json)")
    public Response archive(@PathParam("id") String id) {
        String tenant = caller.id();
        jobs.archivable(tenant, id);
        StreamingOutput body = out -> jobs.writeArchive(tenant, id, out);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"latentpatch-" + id + ".zip\"").build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Job status", description = "State, progress, timings, failure reason and links to every"
            + " finished image; served from the object store by any replica.")
    @APIResponse(responseCode = "200", description = "The status")
    @APIResponse(responseCode = "404", description = "No such job (problem+json)")
    public JobStatusView status(@PathParam("id") String id) {
        JobStatus s = jobs.status(caller.id(), id);
        return JobStatusView.of(s, jobs.request(caller.id(), id), stalls.check(s).orElse(null));
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a job, or delete a finished one", description = "Without purge: workers stop working"
            + " on it; its status becomes CANCELLED shortly after (follow it with GET or the event stream). The body is the"
            + " status before the cancel. With purge=true: a finished job and every file it has are deleted (204).")
    @APIResponse(responseCode = "202", description = "Cancel recorded")
    @APIResponse(responseCode = "204", description = "purge=true: the job and its files are deleted")
    @APIResponse(responseCode = "404", description = "No such job (problem+json)")
    @APIResponse(responseCode = "409", description = "Cancel: the job already finished; purge: it has not (problem+json)")
    public Response cancel(@PathParam("id") String id, @QueryParam("purge") String purge) {
        String tenant = caller.id();
        if (purge != null) {
            if (!purge.equals("true") && !purge.equals("false")) {
                throw io.latentpatch.gateway.problem.ApiProblem.invalid("purge", "purge must be true or false, got '" + purge + "'");
            }
            if (purge.equals("true")) {
                jobs.purge(tenant, id);
                return Response.noContent().build();
            }
        }
        JobStatus before = jobs.cancel(tenant, id);
        return Response.accepted(JobStatusView.of(before, jobs.request(tenant, id))).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Status as server-sent events", description = "Events named 'status' whose data is the status"
            + " document: first the current one, then one per change; the stream ends after the terminal state.")
    @APIResponse(responseCode = "200", description = "text/event-stream")
    @APIResponse(responseCode = "404", description = "No such job (problem+json)")
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        streams.stream(caller.id(), jobs.status(caller.id(), id), sink, sse);
    }

    @GET
    @Path("/{id}/images/" + INDEX + ".png")
    @Produces("image/png")
    @Operation(summary = "Generated image i (PNG)")
    @APIResponse(responseCode = "404", description = "No such job or image, or not decoded yet (problem+json)")
    public Response image(@PathParam("id") String id, @PathParam("index") String index) {
        return file(id, Artifact.IMAGE, index);
    }

    @GET
    @Path("/{id}/provenance/" + INDEX + ".png")
    @Produces("image/png")
    @Operation(summary = "Provenance picture of image i (hue = source index)")
    public Response provenancePng(@PathParam("id") String id, @PathParam("index") String index) {
        return file(id, Artifact.PROVENANCE_PNG, index);
    }

    @GET
    @Path("/{id}/provenance/" + INDEX + ".npy")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Provenance map of image i: int32 [M, M] source index per cell (NumPy .npy)")
    public Response provenanceNpy(@PathParam("id") String id, @PathParam("index") String index) {
        return file(id, Artifact.PROVENANCE_NPY, index);
    }

    @GET
    @Path("/{id}/latents/" + INDEX + ".npy")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Generated latent of image i: float32 [L, M, M] (NumPy .npy)")
    public Response latent(@PathParam("id") String id, @PathParam("index") String index) {
        return file(id, Artifact.LATENT, index);
    }

    @GET
    @Path("/{id}/reports/" + INDEX + ".json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per-image report: seed, timings, sources used")
    public Response report(@PathParam("id") String id, @PathParam("index") String index) {
        return file(id, Artifact.REPORT, index);
    }

    /** The body of {@code POST /v1/jobs} as the OpenAPI document shows it (read by {@link JobSubmissionParser}). */
    @Schema(name = "JobSubmission", description = "Give sourceSetId or images, not both; unknown fields are refused")
    record SubmissionSchema(
            @Schema(description = "id from POST /v1/source-sets") String sourceSetId,
            @Schema(description = "inline images: base64 strings (data: URLs allowed) or {\"name\", \"data\"} objects")
            java.util.List<Object> images,
            @Schema(description = "labels of the inline images, CSV or JSON text") String labels,
            @Schema(description = "codec", defaultValue = "pixel-f16") String model,
            @Schema(description = "images to generate", defaultValue = "1", minimum = "1") Integer count,
            @Schema(description = "job seed; random (and recorded) when absent") Long seed,
            @Schema(description = "method and parameters; unset = the engine's default for the model's grid")
            io.latentpatch.contracts.GenerationParams params) {
    }

    private Response file(String id, Artifact artifact, String index) {
        InputStream in = jobs.open(caller.id(), id, artifact, index);
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, artifact.mediaType()).build();
    }
}
