package dev.aevum.server.frontend.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import org.junit.jupiter.api.Test;

class FieldsTest {
  @Test
  void runIdsAcceptTheFormsTemporalAccepts() {
    for (String ok :
        new String[] {
          "",
          "0f8fad5b-d9cb-469f-a165-70867728950e",
          "0F8FAD5B-D9CB-469F-A165-70867728950E",
          "{0f8fad5b-d9cb-469f-a165-70867728950e}",
          "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
          "0f8fad5bd9cb469fa16570867728950e"
        }) {
      assertThatCode(() -> Fields.runId(ok)).as(ok).doesNotThrowAnyException();
    }
    for (String bad :
        new String[] {
          "run-1",
          "1-1-1-1-1",
          "{0f8fad5b-d9cb-469f-a165-70867728950e",
          "0f8fad5b-d9cb-469f-a165-70867728950e}",
          "0f8fad5b-d9cb-469f-a165-70867728950g"
        }) {
      assertThatThrownBy(() -> Fields.runId(bad)).as(bad).hasMessage("Invalid RunId.");
    }
  }

  @Test
  void lengthsAreCountedInUtf8Bytes() {
    assertThat(Fields.utf8Length("abc")).isEqualTo(3);
    assertThat(Fields.utf8Length("é")).isEqualTo(2);
    assertThat(Fields.utf8Length("€")).isEqualTo(3);
    assertThat(Fields.utf8Length("😀")).isEqualTo(4);
  }

  @Test
  void durationsAreValidatedAndCappedLikeTemporal() {
    Duration twoHundredYears = Duration.newBuilder().setSeconds(200L * 365 * 24 * 3600).build();
    assertThat(Fields.duration(twoHundredYears, "X.").getSeconds())
        .isEqualTo(Fields.MAX_DURATION_SECONDS);
    assertThat(Fields.duration(Duration.newBuilder().setSeconds(5).build(), "X.").getSeconds())
        .isEqualTo(5);
    assertThatThrownBy(() -> Fields.duration(Duration.newBuilder().setNanos(-1).build(), "X."))
        .hasMessage("X. cause: negative duration");
    assertThatThrownBy(
            () -> Fields.duration(Duration.newBuilder().setSeconds(-1).setNanos(5).build(), "X."))
        .hasMessageContaining("different signs");
  }

  @Test
  void requestIdIsGeneratedWhenMissing() {
    assertThat(Fields.requestId("", 1000)).hasSize(36);
    assertThat(Fields.requestId("mine", 1000)).isEqualTo("mine");
    assertThatThrownBy(() -> Fields.requestId("x".repeat(11), 10))
        .hasMessage("RequestId length exceeds limit.");
  }
}
