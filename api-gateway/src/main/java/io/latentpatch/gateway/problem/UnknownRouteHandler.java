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
 * document instead of the HTTP server's plain-text page.
 */
@ApplicationScoped
public class UnknownRouteHandler {

    @Inject
    ObjectMapper json;

    @Inject
    GatewayMetrics metrics;

    void install(@Observes Router router) {
        router.route().last().handler(ctx -> {
            Problem problem = Problems.fromHttpStatus(404, ctx.request().path());
            metrics.rejected(problem.slug(), problem.status());
            String body;
            try {
                body = json.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                body = "{\"status\":404}";
            }
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
        });
    }
}
