package io.latentpatch.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latentpatch.gateway.GatewayMetrics;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem documents for what the HTTP layer refuses before any resource runs: a header value with a control
 * character (400), a body over {@code quarkus.http.limits.max-body-size} (413, from its Content-Length before the
 * body is read, or when a chunked body passes the limit), a request that matches no route (404), and any other
 * 4xx the router fails a request with. Wrong methods on API paths are mapped by {@link ProblemMappers}.
 *
 * <p>Header values are checked here, not by Netty: the gateway runs with
 * {@code -Dvertx.disableHttpHeadersValidation=true} (Dockerfile, local stack, tests), because Netty's own check
 * answers with a bare 400 that no application code can shape. Without that flag the check still happens, only
 * the answer is Netty's.
 */
@ApplicationScoped
public class HttpLayerProblems {

    @Inject
    ObjectMapper json;

    @Inject
    GatewayMetrics metrics;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        router.route().order(-100).handler(this::checkHead);
        router.route().order(-100).failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (status >= 400 && status < 500 && !ctx.response().headWritten()) {
                respond(ctx, status == 413 ? oversized(ctx) : Problems.fromHttpStatus(status, ctx.request().path()));
            } else {
                ctx.next();
            }
        });
        router.route().last().handler(ctx -> respond(ctx, Problems.fromHttpStatus(404, ctx.request().path())));
    }

    private void checkHead(RoutingContext ctx) {
        String bad = badHeader(ctx.request().headers());
        if (bad != null) {
            respond(ctx, ProblemType.MALFORMED_REQUEST.problem(400, "header " + bad + " contains a control character; header"
                    + " values must be visible ASCII, spaces or tabs", ctx.request().path(), null));
            return;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                respond(ctx, ProblemType.MALFORMED_REQUEST.problem(400, "Content-Length '" + abbreviate(length) + "' is not a"
                        + " byte count", ctx.request().path(), null));
                return;
            }
            if (n > maxBodySize.asLongValue()) {
                respond(ctx, oversized(ctx));
                return;
            }
        }
        ctx.next();
    }

    /** The name of the first header whose name or value holds a control character (other than tab), or null. */
    static String badHeader(MultiMap headers) {
        for (Map.Entry<String, String> h : headers) {
            if (hasControl(h.getKey()) || hasControl(h.getValue())) return "'" + printable(h.getKey()) + "'";
        }
        return null;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
        }
        return false;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        return printable(s.length() > 32 ? s.substring(0, 32) : s);
    }

    private Problem oversized(RoutingContext ctx) {
        return ProblemType.UPLOAD_LIMIT.problem(413, "the request body is larger than the gateway accepts ("
                + maxBodySize.asLongValue() + " bytes, quarkus.http.limits.max-body-size)", ctx.request().path(), null);
    }

    private void respond(RoutingContext ctx, Problem problem) {
        metrics.rejected(problem.slug(), problem.status());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        // A refused body may still be arriving: close the connection rather than read it.
        if (problem.status() == 413 || problem.status() == 400) response.putHeader("Connection", "close");
        response.end(body);
    }
}
