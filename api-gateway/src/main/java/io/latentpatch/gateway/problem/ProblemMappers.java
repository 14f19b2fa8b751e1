package io.latentpatch.gateway.problem;

import io.latentpatch.gateway.GatewayMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The JAX-RS edge of {@link Problems}: every exception a resource throws, and every framework error
 * (unknown route, wrong method, unreadable body), becomes an {@code application/problem+json}
 * response. Server errors are logged with a reference id; the client sees only the id.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    GatewayMetrics metrics;

    @ServerExceptionMapper(priority = 1)
    public Response map(Throwable error, UriInfo uri) {
        String reference = Problems.newReference();
        Problem problem = Problems.from(error, uri.getPath(), reference);
        if (Problems.isServerError(problem)) {
            LOG.errorf(error, "%s %s failed (reference %s)", problem.status(), uri.getPath(), reference);
        } else {
            LOG.debugf("%s %s: %s", problem.status(), uri.getPath(), problem.detail());
        }
        return respond(problem, metrics, error instanceof ApiProblem p ? p.retryAfterSeconds() : 0);
    }

    /** The response for {@code problem}, counted in the rejection metric. */
    public static Response respond(Problem problem, GatewayMetrics metrics) {
        return respond(problem, metrics, 0);
    }

    /** {@link #respond(Problem, GatewayMetrics)} with {@code Retry-After: retryAfterSeconds} when that is above 0. */
    public static Response respond(Problem problem, GatewayMetrics metrics, long retryAfterSeconds) {
        metrics.rejected(problem.slug(), problem.status());
        Response.ResponseBuilder r = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (retryAfterSeconds > 0) {
            r.header("Retry-After", Long.toString(retryAfterSeconds));
        } else if (problem.status() == 503) {
            r.header("Retry-After", "5");
        }
        return r.build();
    }
}
