package io.latentpatch.localstack;

import io.latentpatch.contracts.ConsumerGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag and members of one stage's group, read with the Kafka admin client: lag = end offset minus
 * committed offset, summed over the topic's partitions (a partition never committed counts from 0).
 *
 * @param stage   {@code encode}, {@code sample}, {@code decode} or {@code events}
 * @param group   the consumer group id
 * @param topic   the topic it consumes
 * @param members consumers in the group now
 * @param lag     records not yet committed by the group
 */
public record StageLag(String stage, String group, String topic, int members, long lag) {

    /** Every stage of {@link ConsumerGroups#ALL}, each within {@code timeout}. */
    public static List<StageLag> read(Admin admin, Duration timeout) throws InterruptedException {
        List<StageLag> out = new ArrayList<>();
        for (ConsumerGroups.Group g : ConsumerGroups.ALL) out.add(read(admin, g, timeout));
        return out;
    }

    public static StageLag read(Admin admin, ConsumerGroups.Group g, Duration timeout) throws InterruptedException {
        try {
            long ms = timeout.toMillis();
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(g.groupId())).all().get(ms, TimeUnit.MILLISECONDS)
                    .get(g.groupId());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(g.topic())).allTopicNames().get(ms, TimeUnit.MILLISECONDS).get(g.topic()).partitions()
                    .forEach(p -> latest.put(new TopicPartition(g.topic(), p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                    .partitionsToOffsetAndMetadata().get(ms, TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(ms, TimeUnit.MILLISECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return new StageLag(g.stage(), g.groupId(), g.topic(), d == null ? 0 : d.members().size(), lag);
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalStackException("cannot read consumer group " + g.groupId() + ": " + e.getMessage(), e);
        }
    }
}
