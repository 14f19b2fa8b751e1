package io.latentpatch.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.gateway.GatewayMetrics;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Answers requests that match no route at all (outside every JAX-RS resource) with a 404 problem
 * document instead of the HTTP server's plain-text page. (Bodies over
 * {@code quarkus.http.limits.max-body-size} are refused by the HTTP layer itself: 413, empty body.)
 */
@ApplicationScoped
public class UnknownRouteHandler {

    @Inject
    ObjectMapper json;

    @Inject
    GatewayMetrics metrics;

    void install(@Observes Router router) {
        router.route().last().handler(ctx -> respond(ctx, 404));
    }

    private void respond(io.vertx.ext.web.RoutingContext ctx, int status) {
        Problem problem = Problems.fromHttpStatus(status, ctx.request().path());
        metrics.rejected(problem.slug(), problem.status());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }
}
