package io.latentpatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.ConsumerGroups;
import io.latentpatch.localstack.ControlServer;
import io.latentpatch.localstack.ServiceStack.Service;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The consumer groups and topics operators watch ({@link ConsumerGroups}: gateway metrics, {@code status --stack})
 * are the ones each service really consumes with, as configured in its {@code application.properties}.
 */
class ConsumerGroupsTest {
    private static final Path ROOT = Path.of(System.getProperty("latentpatch.home", Path.of("").toAbsolutePath().getParent().toString()));

    @Test
    void everyServicesIncomingGroupIdAndTopicEqualTheContractsNames() throws IOException {
        for (Service s : Service.values()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(ROOT.resolve(s.module()).resolve("src/main/resources/application.properties"))) {
                p.load(r);
            }
            ConsumerGroups.Group g = ControlServer.groupOf(s);
            String channel = p.stringPropertyNames().stream()
                    .filter(k -> k.startsWith("mp.messaging.incoming.") && k.endsWith(".group.id")
                            && !k.contains("dead-letter-queue")).findFirst().orElseThrow();
            String prefix = channel.substring(0, channel.length() - ".group.id".length());
            assertThat(p.getProperty(channel)).as("%s group id", s.module()).isEqualTo(g.groupId());
            assertThat(p.getProperty(prefix + ".topic")).as("%s topic", s.module()).isEqualTo(g.topic());
        }
    }
}
