package dev.aevum.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.persistence.CreateExecutionRequest;
import dev.aevum.persistence.CurrentExecution;
import dev.aevum.persistence.ExecutionRecord;
import dev.aevum.persistence.ExecutionWrite;
import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.PersistenceException;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.persistence.testing.TestDatabases;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the stores report an unreachable database and data it rejects. */
class DatabaseFailuresTest {

  @Test
  void reachableDatabasesSaySo() {
    try (Persistence sqlite = SqlPersistence.open(TestDatabases.sqliteInMemory());
        Persistence postgres = SqlPersistence.open(TestDatabases.freshPostgres("reachable"))) {
      assertThat(sqlite.isReachable(Duration.ofSeconds(1))).isTrue();
      assertThat(postgres.isReachable(Duration.ofSeconds(1))).isTrue();
    }
  }

  @Test
  void anUnreachableDatabaseIsReportedAsTransientNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DatabaseConfig nowhere =
        new DatabaseConfig(
            DatabaseConfig.Dialect.POSTGRESQL,
            "jdbc:postgresql://127.0.0.1:" + closedPort + "/aevum",
            "postgres",
            "",
            2,
            Duration.ofMillis(500));
    assertThatThrownBy(() -> SqlPersistence.open(nowhere).close())
        .isInstanceOfSatisfying(
            PersistenceException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void dataPostgresqlCannotStoreIsAPermanentFailure() {
    try (Persistence p = SqlPersistence.open(TestDatabases.freshPostgres("rejected"))) {
      p.migrate();
      long range = p.shards().acquire(1);
      ExecutionRecord run =
          new ExecutionRecord(
              "ns", "wf\u0000nul", "run", 2, 1, ExecutionRecord.STATE_RUNNING, 1, new byte[] {1});
      CreateExecutionRequest create =
          new CreateExecutionRequest(
              1,
              range,
              Optional.empty(),
              new ExecutionWrite(run, List.of(), List.of()),
              new CurrentExecution("run", "req", 1, 1, 0));
      assertThatThrownBy(() -> p.executions().createExecution(create))
          .isInstanceOfSatisfying(
              PersistenceException.class, e -> assertThat(e.isTransient()).isFalse());
    }
  }
}
