package dev.aevum.server.frontend.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void truncationKeepsTheImportantPartsWithinTheBudget() {
    Failure cause = Failure.newBuilder().setMessage("cause").build();
    Failure big =
        Failure.newBuilder()
            .setApplicationFailureInfo(
                ApplicationFailureInfo.newBuilder().setType("MyError").setNonRetryable(true))
            .setSource("JavaSDK")
            .setMessage("é".repeat(1000))
            .setStackTrace("at x".repeat(10_000))
            .setCause(cause)
            .build();

    Failure truncated = Failures.truncate(big, 1000);

    assertThat(truncated.getSerializedSize()).isLessThanOrEqualTo(1000 + 16);
    assertThat(truncated.getApplicationFailureInfo().getType()).isEqualTo("MyError");
    assertThat(truncated.getApplicationFailureInfo().getNonRetryable()).isTrue();
    assertThat(truncated.getSource()).isEqualTo("JavaSDK");
    // Cut on a character boundary: no half of a two-byte character.
    assertThat(truncated.getMessage()).matches("é+");
    assertThat(truncated.getStackTrace()).isEmpty();
  }

  @Test
  void smallFailuresSurviveWhole() {
    Failure small =
        Failure.newBuilder()
            .setMessage("m")
            .setSource("s")
            .setStackTrace("t")
            .setCause(Failure.newBuilder().setMessage("c"))
            .build();

    assertThat(Failures.truncate(small, 10_000)).isEqualTo(small);
  }
}
