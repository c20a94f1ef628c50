package dev.aevum.sdk.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatThrottleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void firstHeartbeatPassesThenOnePerInterval() {
    HeartbeatThrottle throttle = new HeartbeatThrottle(Duration.ofSeconds(8));

    assertThat(throttle.tryAcquire(0)).isTrue();
    assertThat(throttle.tryAcquire(SECOND)).isFalse();
    assertThat(throttle.nanosUntilNext(SECOND)).isEqualTo(7 * SECOND);
    assertThat(throttle.tryAcquire(8 * SECOND)).isTrue();
    assertThat(throttle.tryAcquire(9 * SECOND)).isFalse();
  }

  @Test
  void intervalIsEightyPercentOfTheTimeoutWithDefaultAndCap() {
    assertThat(HeartbeatThrottle.intervalFor(Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(HeartbeatThrottle.intervalFor(Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(HeartbeatThrottle.intervalFor(Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofSeconds(60));
  }
}
