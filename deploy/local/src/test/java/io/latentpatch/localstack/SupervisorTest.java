package io.latentpatch.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.localstack.ServiceStack.Service;
import io.latentpatch.localstack.Supervisor.State;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The supervisor's rules on a fake clock with fake processes: backoff, the failing window, scaling. */
class SupervisorTest {

    private static final Supervisor.Policy POLICY =
            new Supervisor.Policy(true, Duration.ofSeconds(1), Duration.ofSeconds(8), 3, Duration.ofMinutes(1));

    private static final class FakeClock implements InstantSource {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override public Instant instant() { return now; }

        void advance(Duration d) { now = now.plus(d); }
    }

    private static final class FakeChild implements Supervisor.Child {
        static long nextPid = 100;
        final long pid = nextPid++;
        boolean alive = true;
        boolean ready = true;
        Duration stoppedWith;

        @Override public long pid() { return pid; }

        @Override public boolean isAlive() { return alive; }

        @Override public int exitCode() { return 137; }

        @Override public boolean ready() { return ready; }

        @Override public void stop(Duration grace) { stoppedWith = grace; alive = false; }
    }

    private final FakeClock clock = new FakeClock();
    private final List<FakeChild> launched = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Supervisor supervisor = new Supervisor((s, i) -> {
        FakeChild c = new FakeChild();
        launched.add(c);
        return c;
    }, clock, POLICY, events::add);

    private Supervisor.ReplicaStatus replica(Service s, int index) {
        return supervisor.status().stream().filter(r -> r.service() == s && r.index() == index).findFirst().orElseThrow();
    }

    private FakeChild current(Service s, int index) {
        return (FakeChild) supervisor.child(s, index);
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        assertThat(List.of(POLICY.backoff(1), POLICY.backoff(2), POLICY.backoff(3), POLICY.backoff(4), POLICY.backoff(9)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
    }

    @Test
    void aReplicaThatDiesIsRestartedAfterTheBackoffAndTheRestartIsCountedAndReported() {
        supervisor.scale(Service.DECODER_WORKER, 2);
        supervisor.tick();
        assertThat(replica(Service.DECODER_WORKER, 1).state()).isEqualTo(State.RUNNING);

        current(Service.DECODER_WORKER, 1).alive = false;
        supervisor.tick();
        assertThat(replica(Service.DECODER_WORKER, 1).state()).isEqualTo(State.BACKOFF);
        assertThat(replica(Service.DECODER_WORKER, 1).lastExitCode()).isEqualTo(137);
        clock.advance(Duration.ofMillis(999));
        supervisor.tick();
        assertThat(replica(Service.DECODER_WORKER, 1).state()).as("not before the backoff").isEqualTo(State.BACKOFF);
        clock.advance(Duration.ofMillis(1));
        supervisor.tick();
        assertThat(replica(Service.DECODER_WORKER, 1).state()).isEqualTo(State.STARTING);
        assertThat(replica(Service.DECODER_WORKER, 1).restarts()).isEqualTo(1);
        assertThat(launched).hasSize(3);
        assertThat(replica(Service.DECODER_WORKER, 0).restarts()).as("the other replica is untouched").isZero();
        assertThat(events).anyMatch(e -> e.contains("decoder-worker#1") && e.contains("exited with code 137") && e.contains("restart in 1 s"))
                .anyMatch(e -> e.contains("decoder-worker#1 restarted (restart 1)"));
    }

    @Test
    void consecutiveExitsWaitLongerEachTime() {
        supervisor.scale(Service.SAMPLER_WORKER, 1);
        List<Duration> waits = new ArrayList<>();
        for (int exit = 0; exit < 3; exit++) {
            current(Service.SAMPLER_WORKER, 0).alive = false;
            supervisor.tick();
            waits.add(Duration.between(clock.now, replica(Service.SAMPLER_WORKER, 0).restartAt()));
            clock.advance(waits.getLast());
            supervisor.tick();
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void moreExitsThanAllowedWithinTheWindowFailTheStageAndLeaveOthersRunning() {
        supervisor.scale(Service.ENCODER_WORKER, 1);
        supervisor.scale(Service.DECODER_WORKER, 1);
        for (int exit = 1; exit <= 4; exit++) {
            current(Service.DECODER_WORKER, 0).alive = false;
            supervisor.tick();
            if (exit <= 3) {
                assertThat(replica(Service.DECODER_WORKER, 0).state()).isEqualTo(State.BACKOFF);
                clock.advance(POLICY.maxBackoff());
                supervisor.tick();
            }
        }
        assertThat(replica(Service.DECODER_WORKER, 0).state()).isEqualTo(State.FAILED);
        assertThat(supervisor.failing(Service.DECODER_WORKER)).isTrue();
        assertThat(supervisor.failing(Service.ENCODER_WORKER)).isFalse();
        assertThat(current(Service.ENCODER_WORKER, 0).isAlive()).isTrue();
        int before = launched.size();
        clock.advance(Duration.ofMinutes(10));
        supervisor.tick();
        assertThat(launched).as("a failed replica is not restarted by itself").hasSize(before);
        assertThat(events).anyMatch(e -> e.contains("decoder-worker is FAILING"));

        supervisor.scale(Service.DECODER_WORKER, 1);
        assertThat(replica(Service.DECODER_WORKER, 0).state()).as("scaling again starts it").isEqualTo(State.STARTING);
        assertThat(supervisor.failing(Service.DECODER_WORKER)).isFalse();
    }

    @Test
    void exitsOlderThanTheWindowNoLongerCount() {
        supervisor.scale(Service.DECODER_WORKER, 1);
        for (int exit = 1; exit <= 10; exit++) {
            current(Service.DECODER_WORKER, 0).alive = false;
            supervisor.tick();
            assertThat(replica(Service.DECODER_WORKER, 0).state()).as("exit %d, 31 s after the last one", exit).isEqualTo(State.BACKOFF);
            clock.advance(Duration.ofSeconds(31));
            supervisor.tick();
        }
        assertThat(replica(Service.DECODER_WORKER, 0).restarts()).isEqualTo(10);
    }

    @Test
    void aReplicaIsRunningOnlyOnceItReportsReady() {
        supervisor.scale(Service.API_GATEWAY, 1);
        current(Service.API_GATEWAY, 0).ready = false;
        supervisor.tick();
        assertThat(replica(Service.API_GATEWAY, 0).state()).isEqualTo(State.STARTING);
        current(Service.API_GATEWAY, 0).ready = true;
        supervisor.tick();
        assertThat(replica(Service.API_GATEWAY, 0).state()).isEqualTo(State.RUNNING);
    }

    @Test
    void scalingDownHandsBackTheHighestReplicasToStopAndScalingUpAddsNewOnes() {
        supervisor.scale(Service.SAMPLER_WORKER, 3);
        List<Supervisor.Child> removed = supervisor.scale(Service.SAMPLER_WORKER, 1);
        assertThat(removed).containsExactly(launched.get(2), launched.get(1));
        assertThat(supervisor.replicas(Service.SAMPLER_WORKER)).isEqualTo(1);
        removed.forEach(c -> c.stop(Duration.ofSeconds(15)));
        supervisor.tick();
        assertThat(supervisor.status()).as("a removed replica is not restarted").hasSize(1);
        supervisor.scale(Service.SAMPLER_WORKER, 2);
        assertThat(supervisor.status()).extracting(Supervisor.ReplicaStatus::index).containsExactly(0, 1);
        assertThatThrownBy(() -> supervisor.scale(Service.SAMPLER_WORKER, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutRestartsAnExitedReplicaStaysDownUntilRevived() {
        List<FakeChild> children = new ArrayList<>();
        Supervisor plain = new Supervisor((s, i) -> {
            FakeChild c = new FakeChild();
            children.add(c);
            return c;
        }, clock, Supervisor.Policy.none(), m -> { });
        plain.scale(Service.DECODER_WORKER, 1);
        children.getFirst().alive = false;
        plain.tick();
        clock.advance(Duration.ofHours(1));
        plain.tick();
        assertThat(plain.status().getFirst().state()).isEqualTo(State.EXITED);
        assertThat(children).hasSize(1);
        plain.revive(Service.DECODER_WORKER);
        assertThat(children).hasSize(2);
        assertThat(plain.status().getFirst().state()).isEqualTo(State.STARTING);
    }

    @Test
    void replicaCountsParseFromStageNamesAndBadSpecsAreRefusedWithTheReason() {
        assertThat(Service.parseCounts("encoder=1, sampler=2,decoder-worker=3,gateway=0"))
                .isEqualTo(Map.of(Service.ENCODER_WORKER, 1, Service.SAMPLER_WORKER, 2, Service.DECODER_WORKER, 3,
                        Service.API_GATEWAY, 0));
        assertThatThrownBy(() -> Service.parseCounts("painter=2")).hasMessageContaining("unknown stage 'painter'");
        assertThatThrownBy(() -> Service.parseCounts("decoder")).hasMessageContaining("expected STAGE=N");
        assertThatThrownBy(() -> Service.parseCounts("decoder=x")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> Service.parseCounts("decoder=99")).hasMessageContaining("0..64");
    }
}
