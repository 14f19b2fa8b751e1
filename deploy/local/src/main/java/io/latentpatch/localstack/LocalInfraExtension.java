package io.latentpatch.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the JVM-wide {@link LocalInfra#shared()} (started on first use,
 * stopped at JVM exit) into test constructors and methods, so every test class of a suite shares
 * one Kafka and one S3 server.
 *
 * <pre>{@code
 * @ExtendWith(LocalInfraExtension.class)
 * class EncoderWorkerIT {
 *     @Test void encodes(LocalInfra infra) { ... infra.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * Parameters of type {@link LocalInfra}, {@link KafkaBroker} and {@link S3Server} are resolved.
 */
public final class LocalInfraExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalInfra.class || type == KafkaBroker.class || type == S3Server.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalInfra infra;
        try {
            infra = LocalInfra.shared();
        } catch (LocalStackException e) {
            throw new ParameterResolutionException("the local stack did not start: " + e.getMessage(), e);
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == KafkaBroker.class) {
            return infra.kafka();
        }
        if (type == S3Server.class) {
            return infra.s3();
        }
        return infra;
    }
}
