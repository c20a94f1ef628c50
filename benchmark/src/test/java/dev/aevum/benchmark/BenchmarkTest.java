package dev.aevum.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The benchmark runs end to end; it measures, it does not judge speed (that is for people, not
 * tests).
 */
class BenchmarkTest {
  @Test
  void smallRunCompletesEveryWorkflow() throws Exception {
    var result = Benchmark.run(new Benchmark.Options(10, 4, "memory", Optional.empty()));
    assertThat(result.workflows()).isEqualTo(10);
    assertThat(result.failed()).isZero();
    assertThat(result.p99Ms()).isGreaterThanOrEqualTo(result.p50Ms());
  }

  @Test
  void unknownOptionsAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> Benchmark.Options.parse(new String[] {"--fast"}))
        .hasMessageContaining("unknown option --fast")
        .hasMessageContaining("--workflows N");
  }
}
