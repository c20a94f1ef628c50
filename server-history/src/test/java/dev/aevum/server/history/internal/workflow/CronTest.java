package dev.aevum.server.history.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.server.common.ServiceException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronTest {
  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void standardScheduleFiresAtTheNextMatchingMinuteInUtc() {
    long now = at("2026-01-01T10:07:30Z");
    assertThat(Cron.backoffMs("*/15 * * * *", now, now))
        .isEqualTo(at("2026-01-01T10:15:00Z") - now);
    assertThat(Cron.backoffMs("@hourly", now, now)).isEqualTo(at("2026-01-01T11:00:00Z") - now);
  }

  @Test
  void timeZonePrefixIsHonoured() {
    long now = at("2026-01-01T10:00:00Z");
    // 12:00 in Paris (UTC+1 in winter) is 11:00 UTC.
    assertThat(Cron.backoffMs("CRON_TZ=Europe/Paris 0 12 * * *", now, now)).isEqualTo(3_600_000);
  }

  @Test
  void missedFireTimesAreSkippedToTheNextOneAfterNow() {
    long scheduled = at("2026-01-01T10:00:00Z");
    long now = at("2026-01-01T10:31:10Z");
    assertThat(Cron.backoffMs("*/10 * * * *", scheduled, now))
        .isEqualTo(at("2026-01-01T10:40:00Z") - now);
  }

  @Test
  void everyDescriptorIsAFixedInterval() {
    long now = at("2026-01-01T10:00:00.400Z");
    assertThat(Cron.backoffMs("@every 1m30s", now, now)).isEqualTo(90_000);
  }

  @Test
  void invalidSchedulesAreRejected() {
    assertThatThrownBy(() -> Cron.validate("every day", 0))
        .isInstanceOf(ServiceException.class)
        .hasMessage("invalid CronSchedule.");
    assertThatThrownBy(() -> Cron.validate("@every soon", 0)).isInstanceOf(ServiceException.class);
  }
}
