package io.latentpatch.gateway.status;

import java.time.Instant;

/**
 * One stage's consumer group as the last poll saw it.
 *
 * @param stage       {@code encode}, {@code sample}, {@code decode} or {@code events}
 * @param group       the consumer group id
 * @param members     consumers in the group
 * @param lag         records of its topic not yet committed by the group
 * @param progressing true when the group committed records since the previous poll (or has nothing waiting)
 * @param observedAt  when the poll ran
 */
public record StageHealth(String stage, String group, int members, long lag, boolean progressing, Instant observedAt) {
}
