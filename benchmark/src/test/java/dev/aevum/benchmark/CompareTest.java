package dev.aevum.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The compare driver's pieces that do not need three servers: options, URLs, the table, /proc. */
class CompareTest {
  @Test
  void optionsDefaultToTheIssuesRunAndRefuseUnknownOnes() {
    Compare.Options options =
        Compare.Options.parse(new String[] {"--concurrency", "1", "--servers", "dev,postgres"});
    assertThat(options.workflows()).isEqualTo(1500);
    assertThat(options.warmup()).isEqualTo(300);
    assertThat(options.concurrency()).isEqualTo(1);
    assertThat(options.servers()).containsExactly(Compare.Server.POSTGRES, Compare.Server.DEV);
    assertThatThrownBy(() -> Compare.Options.parse(new String[] {"--fast"}))
        .hasMessageContaining("--workflows N");
  }

  @Test
  void databaseUrlsKeepHostAndParameters() {
    assertThat(Compare.jdbcUrlFor("jdbc:postgresql://127.0.0.1:5432/postgres", "bench"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/bench");
    assertThat(Compare.jdbcUrlFor("jdbc:postgresql://db:5433/postgres?sslmode=disable", "bench"))
        .isEqualTo("jdbc:postgresql://db:5433/bench?sslmode=disable");
  }

  @Test
  void theTableShowsPerWorkflowCostsAndRatios() {
    var reference =
        new Compare.Row(
            Compare.Server.REFERENCE,
            new Benchmark.Result(100, 0, Duration.ofSeconds(1), 10, 20, 30),
            450,
            OptionalDouble.empty(),
            OptionalDouble.empty());
    var postgres =
        new Compare.Row(
            Compare.Server.POSTGRES,
            new Benchmark.Result(100, 0, Duration.ofMillis(500), 5, 10, 15),
            300,
            OptionalDouble.of(100),
            OptionalDouble.of(400));
    String table =
        Compare.table(
            new Compare.Options(100, 50, 10, Set.of(), "", "", ""), List.of(reference, postgres));
    assertThat(table).contains("| 100.0 | 10.0 / 20.0 / 30.0 | 4.50 | — | — | 0 |");
    assertThat(table).contains("| 200.0 | 5.0 / 10.0 / 15.0 | 3.00 | 1.00 | 4.00 | 0 |");
    assertThat(table).contains("throughput 2.00x, CPU per workflow (server + PostgreSQL) 0.89x");
  }

  @Test
  void cpuTimeOfThisProcessIsReadFromProc() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
    assertThat(Compare.cpuMillis(ProcessHandle.current().pid())).isPositive();
  }

  @Test
  void resultLinesRoundTrip() {
    var result = new Benchmark.Result(7, 1, Duration.ofMillis(1234), 1.5, 2.5, 3.5);
    assertThat(Benchmark.Result.parse(result.toLine())).isEqualTo(result);
  }
}
