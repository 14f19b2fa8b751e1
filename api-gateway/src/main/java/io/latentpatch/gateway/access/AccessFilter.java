package io.latentpatch.gateway.access;

import io.latentpatch.gateway.GatewayMetrics;
import io.latentpatch.gateway.problem.ProblemMappers;
import io.latentpatch.gateway.problem.ProblemType;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs before every API resource method: who is calling (401 problem without a valid key, with
 * {@code WWW-Authenticate: Bearer}), then whether their tenant has a request token left (429 problem with
 * {@code Retry-After} in whole seconds), before the route is even matched. Only {@code /v1} is guarded: health,
 * metrics, OpenAPI and the web page need no key.
 */
public class AccessFilter {

    /** The second header a key may come in. */
    public static final String API_KEY_HEADER = "X-Api-Key";

    @Inject
    Access access;
    @Inject
    CallerTenant caller;
    @Inject
    GatewayMetrics metrics;

    // Pre-matching: an unauthenticated caller learns nothing, not even which routes, methods or media types exist.
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        // Routes match the decoded path: /%76%31/jobs is /v1/jobs, so both must be checked.
        if (!isApi(path) && !isApi(request.getUriInfo().getPath())) return Optional.empty();
        Access.Caller who = access.identify(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString(API_KEY_HEADER));
        if (!who.admitted()) {
            Response r = ProblemMappers.respond(ProblemType.UNAUTHORIZED.problem(401, who.refusal(), path, null), metrics);
            return Optional.of(Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"latentpatch\"").build());
        }
        long waitNanos = access.admit(who.tenant());
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            TenantLimits l = access.limits(who.tenant());
            return Optional.of(ProblemMappers.respond(ProblemType.RATE_LIMITED.problem(429, "more than " + l.requestsPerSecond()
                    + " requests per second (burst " + l.burst() + "); retry in " + seconds + " s", path, null), metrics, seconds));
        }
        caller.set(who.tenant());
        return Optional.empty();
    }

    /** Whether {@code path} is under {@code /v1}, where every request needs a key. */
    static boolean isApi(String path) {
        return path != null && (path.equals("/v1") || path.startsWith("/v1/"));
    }
}
