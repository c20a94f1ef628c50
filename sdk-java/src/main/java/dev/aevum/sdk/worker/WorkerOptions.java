package dev.aevum.sdk.worker;

import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Concurrency limits of one worker: 200 task slots like Temporal, but 2 pollers per queue rather
 * than 5.
 */
public final class WorkerOptions {
  public static final int DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS = 200;
  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 200;
  public static final int DEFAULT_MAX_CONCURRENT_LOCAL_ACTIVITIES = 200;
  public static final int DEFAULT_POLLERS = 2;
  public static final Duration DEFAULT_DEADLOCK_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_WORKFLOW_CACHE_SIZE = 600;
  public static final Duration DEFAULT_STICKY_SCHEDULE_TO_START_TIMEOUT = Duration.ofSeconds(5);

  private final int maxConcurrentWorkflowTasks;
  private final int maxConcurrentActivities;
  private final int maxConcurrentLocalActivities;
  private final int workflowPollers;
  private final int activityPollers;
  private final Duration deadlockTimeout;
  private final int workflowCacheSize;
  private final Duration stickyScheduleToStartTimeout;
  private final List<WorkerInterceptor> interceptors;

  private WorkerOptions(Builder b) {
    this.workflowCacheSize = b.workflowCacheSize;
    this.stickyScheduleToStartTimeout = b.stickyScheduleToStartTimeout;
    this.maxConcurrentWorkflowTasks = b.maxConcurrentWorkflowTasks;
    this.maxConcurrentActivities = b.maxConcurrentActivities;
    this.maxConcurrentLocalActivities = b.maxConcurrentLocalActivities;
    this.workflowPollers = b.workflowPollers;
    this.activityPollers = b.activityPollers;
    this.deadlockTimeout = b.deadlockTimeout;
    this.interceptors = List.copyOf(b.interceptors);
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public static WorkerOptions defaults() {
    return newBuilder().build();
  }

  public int maxConcurrentWorkflowTasks() {
    return maxConcurrentWorkflowTasks;
  }

  public int maxConcurrentActivities() {
    return maxConcurrentActivities;
  }

  /** Local activity attempts running at once in this worker; further ones wait for a slot. */
  public int maxConcurrentLocalActivities() {
    return maxConcurrentLocalActivities;
  }

  public int workflowPollers() {
    return workflowPollers;
  }

  public int activityPollers() {
    return activityPollers;
  }

  /** How long workflow code may run without yielding before its task fails as a likely deadlock. */
  public Duration deadlockTimeout() {
    return deadlockTimeout;
  }

  /**
   * Executions kept in memory between tasks; 0 turns sticky execution off (full replay per task).
   */
  public int workflowCacheSize() {
    return workflowCacheSize;
  }

  /**
   * How long the server waits for this worker to pick up a sticky task before using the normal
   * queue.
   */
  public Duration stickyScheduleToStartTimeout() {
    return stickyScheduleToStartTimeout;
  }

  /** Wrap this worker's workflow and activity methods, first registered outermost. */
  public List<WorkerInterceptor> interceptors() {
    return interceptors;
  }

  public static final class Builder {
    private List<WorkerInterceptor> interceptors = List.of();

    public Builder interceptors(WorkerInterceptor... value) {
      Objects.requireNonNull(value, "interceptors");
      for (WorkerInterceptor interceptor : value) {
        Objects.requireNonNull(interceptor, "interceptors: must not contain null");
      }
      this.interceptors = List.of(value);
      return this;
    }

    private int maxConcurrentWorkflowTasks = DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS;
    private int maxConcurrentActivities = DEFAULT_MAX_CONCURRENT_ACTIVITIES;
    private int maxConcurrentLocalActivities = DEFAULT_MAX_CONCURRENT_LOCAL_ACTIVITIES;
    private int workflowPollers = DEFAULT_POLLERS;
    private int activityPollers = DEFAULT_POLLERS;
    private Duration deadlockTimeout = DEFAULT_DEADLOCK_TIMEOUT;
    private int workflowCacheSize = DEFAULT_WORKFLOW_CACHE_SIZE;
    private Duration stickyScheduleToStartTimeout = DEFAULT_STICKY_SCHEDULE_TO_START_TIMEOUT;

    private Builder() {}

    public Builder workflowCacheSize(int value) {
      if (value < 0) {
        throw new IllegalArgumentException(
            "workflowCacheSize: must be >= 0 (0 = no cache), was " + value);
      }
      this.workflowCacheSize = value;
      return this;
    }

    public Builder stickyScheduleToStartTimeout(Duration value) {
      this.stickyScheduleToStartTimeout = Validate.positive(value, "stickyScheduleToStartTimeout");
      return this;
    }

    public Builder maxConcurrentWorkflowTasks(int value) {
      this.maxConcurrentWorkflowTasks = positive(value, "maxConcurrentWorkflowTasks");
      return this;
    }

    public Builder maxConcurrentActivities(int value) {
      this.maxConcurrentActivities = positive(value, "maxConcurrentActivities");
      return this;
    }

    public Builder maxConcurrentLocalActivities(int value) {
      this.maxConcurrentLocalActivities = positive(value, "maxConcurrentLocalActivities");
      return this;
    }

    public Builder workflowPollers(int value) {
      this.workflowPollers = positive(value, "workflowPollers");
      return this;
    }

    public Builder activityPollers(int value) {
      this.activityPollers = positive(value, "activityPollers");
      return this;
    }

    public Builder deadlockTimeout(Duration value) {
      this.deadlockTimeout = Validate.positive(value, "deadlockTimeout");
      return this;
    }

    private static int positive(int value, String field) {
      if (value <= 0) {
        throw new IllegalArgumentException(field + ": must be positive, was " + value);
      }
      return value;
    }

    public WorkerOptions build() {
      return new WorkerOptions(this);
    }
  }
}
