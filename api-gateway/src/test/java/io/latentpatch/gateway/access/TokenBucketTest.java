package io.latentpatch.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheRateAppliesAndTheWaitIsExact() {
        TokenBucket b = new TokenBucket(2, 3, 0);
        assertThat(b.tryTake(0)).isZero();
        assertThat(b.tryTake(0)).isZero();
        assertThat(b.tryTake(0)).isZero();
        assertThat(b.tryTake(0)).isEqualTo(SECOND / 2);
        assertThat(b.tryTake(SECOND / 4)).isEqualTo(SECOND / 4);
        assertThat(b.tryTake(SECOND / 2)).isZero();
        assertThat(b.tryTake(SECOND / 2)).isPositive();
        // refills to the burst, not beyond
        long later = 100 * SECOND;
        for (int i = 0; i < 3; i++) assertThat(b.tryTake(later)).isZero();
        assertThat(b.tryTake(later)).isPositive();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).hasMessageContaining("requests-per-second");
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).hasMessageContaining("burst");
    }
}
