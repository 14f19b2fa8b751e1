package io.latentpatch.gateway.status;

import io.latentpatch.contracts.ConsumerGroups;
import io.latentpatch.contracts.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a job is stalled, from its status and a snapshot of the stages' consumer groups: its progress
 * has not moved for {@code after} (since {@code updatedAt}) and a stage that still has work for it (encode until it
 * is encoded, sample while an image is neither sampled nor done, decode while an image is not done) has no
 * consumer, or has records waiting and committed none since the previous poll. The first such stage in pipeline
 * order is the one reported. Pure; a stage missing from the snapshot (not polled yet, broker unreachable) is never
 * blamed.
 */
public final class StallDetector {

    /**
     * Why a job does not move.
     *
     * @param stage  the stage whose consumers are missing or stuck
     * @param since  when the job's progress last moved
     * @param reason what the consumer group looks like
     */
    public record Stalled(String stage, Instant since, String reason) {
    }

    private final Duration after;

    public StallDetector(Duration after) {
        this.after = after;
    }

    public Optional<Stalled> check(JobStatus s, Map<String, StageHealth> stages, Instant now) {
        if (s.state().isTerminal()) return Optional.empty();
        Instant since = s.updatedAt() != null ? s.updatedAt() : s.createdAt();
        if (Duration.between(since, now).compareTo(after) < 0) return Optional.empty();
        for (String stage : pendingStages(s)) {
            StageHealth h = stages.get(stage);
            if (h == null) continue;
            if (h.members() == 0) {
                return Optional.of(new Stalled(stage, since, "consumer group " + h.group() + " has no members ("
                        + h.lag() + " records waiting)"));
            }
            if (h.lag() > 0 && !h.progressing()) {
                return Optional.of(new Stalled(stage, since, "consumer group " + h.group() + " has " + h.members()
                        + " members but " + h.lag() + " records waiting and committed none since the last poll"));
            }
        }
        return Optional.empty();
    }

    /** The stages that still have work for the job, in pipeline order. */
    static List<String> pendingStages(JobStatus s) {
        List<String> out = new ArrayList<>(3);
        if (s.encodedAt() == null) {
            out.add(ConsumerGroups.ENCODE.stage());
            return out;
        }
        Set<Integer> seen = new HashSet<>();
        if (s.sampled() != null) seen.addAll(s.sampled());
        if (s.completed() != null) seen.addAll(s.completed());
        if (seen.size() < s.total()) out.add(ConsumerGroups.SAMPLE.stage());
        if (s.done() < s.total()) out.add(ConsumerGroups.DECODE.stage());
        return out;
    }
}
