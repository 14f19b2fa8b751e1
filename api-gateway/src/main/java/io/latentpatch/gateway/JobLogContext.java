package io.latentpatch.gateway;

import io.latentpatch.service.JobLogScope;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every log line written while serving {@code /v1/jobs/{id}...} carries the job id ({@code %X{jobId}}, JSON
 * {@code mdc.jobId}); a submission sets it once the id is drawn ({@code JobService}). Cleared after the response.
 */
public class JobLogContext {

    @ServerRequestFilter
    public void jobOfPath(ContainerRequestContext request) {
        String id = request.getUriInfo().getPathParameters().getFirst("id");
        if (id != null && request.getUriInfo().getPath().startsWith("/v1/jobs/")) MDC.put(JobLogScope.KEY, id);
    }

    @ServerResponseFilter
    public void clear() {
        MDC.remove(JobLogScope.KEY);
    }
}
