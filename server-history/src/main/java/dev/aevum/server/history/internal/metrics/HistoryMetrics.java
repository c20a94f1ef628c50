package dev.aevum.server.history.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;

/** The history service's meters: commits (group commit batches) and workflow starts and closes. */
public final class HistoryMetrics {
  private final MeterRegistry registry;
  private final Timer commits;
  private final DistributionSummary batchSize;

  public HistoryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.commits =
        Timer.builder("aevum.persistence.commits")
            .description("Database transactions that committed workflow transitions")
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("aevum.persistence.commit.batch.size")
            .description("Workflow transitions per database transaction (group commit)")
            .register(registry);
  }

  /** Meters that go nowhere, for tests and tools that do not report metrics. */
  public static HistoryMetrics none() {
    return new HistoryMetrics(new SimpleMeterRegistry());
  }

  public void committed(int transitions, long nanos) {
    commits.record(nanos, TimeUnit.NANOSECONDS);
    batchSize.record(transitions);
  }

  public void inDoubtCommit() {
    Counter.builder("aevum.persistence.commits.in.doubt")
        .description("Commits whose answer was lost, settled by reading the run back")
        .register(registry)
        .increment();
  }

  /** An outbox task attempt failed; {@code permanent} when retrying cannot help. */
  public void outboxTaskFailed(String category, String kind, boolean permanent) {
    Counter.builder("aevum.outbox.task.failures")
        .description("Failed attempts of outbox (transfer and timer) tasks")
        .tag("category", category)
        .tag("kind", kind)
        .tag("permanent", Boolean.toString(permanent))
        .register(registry)
        .increment();
  }

  /**
   * An outbox task gave up after its attempts; its run's command failed or the run was terminated.
   */
  public void outboxTaskDropped(String category, String kind) {
    Counter.builder("aevum.outbox.tasks.dropped")
        .description("Outbox tasks abandoned after repeated permanent failures")
        .tag("category", category)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  public void workflowStarted(String namespace) {
    Counter.builder("aevum.workflows.started")
        .description("Workflow runs created (starts, continue-as-new, retries, cron runs, resets)")
        .tag("namespace", namespace)
        .register(registry)
        .increment();
  }

  public void workflowClosed(String namespace, String status) {
    Counter.builder("aevum.workflows.closed")
        .description("Workflow runs closed, by how they closed")
        .tag("namespace", namespace)
        .tag("status", status)
        .register(registry)
        .increment();
  }
}
