package dev.aevum.sdk;

import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.Optional;

/** Options for starting a workflow. The task queue is required; the id defaults to a random UUID. */
public final class WorkflowOptions {
  private final String workflowId;
  private final String taskQueue;
  private final Duration executionTimeout;
  private final Duration runTimeout;
  private final Duration taskTimeout;
  private final RetryOptions retryOptions;

  private WorkflowOptions(Builder b) {
    this.workflowId = b.workflowId;
    this.taskQueue = b.taskQueue;
    this.executionTimeout = b.executionTimeout;
    this.runTimeout = b.runTimeout;
    this.taskTimeout = b.taskTimeout;
    this.retryOptions = b.retryOptions;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Optional<String> workflowId() {
    return Optional.ofNullable(workflowId);
  }

  public String taskQueue() {
    return taskQueue;
  }

  public Optional<Duration> executionTimeout() {
    return Optional.ofNullable(executionTimeout);
  }

  public Optional<Duration> runTimeout() {
    return Optional.ofNullable(runTimeout);
  }

  /** Empty means the server default (10 s). */
  public Optional<Duration> taskTimeout() {
    return Optional.ofNullable(taskTimeout);
  }

  public Optional<RetryOptions> retryOptions() {
    return Optional.ofNullable(retryOptions);
  }

  public static final class Builder {
    private String workflowId;
    private String taskQueue;
    private Duration executionTimeout;
    private Duration runTimeout;
    private Duration taskTimeout;
    private RetryOptions retryOptions;

    private Builder() {}

    public Builder workflowId(String value) {
      this.workflowId = Validate.notBlank(value, "workflowId");
      return this;
    }

    public Builder taskQueue(String value) {
      this.taskQueue = Validate.notBlank(value, "taskQueue");
      return this;
    }

    public Builder executionTimeout(Duration value) {
      this.executionTimeout = Validate.positive(value, "executionTimeout");
      return this;
    }

    public Builder runTimeout(Duration value) {
      this.runTimeout = Validate.positive(value, "runTimeout");
      return this;
    }

    public Builder taskTimeout(Duration value) {
      Validate.positive(value, "taskTimeout");
      if (value.compareTo(Duration.ofSeconds(120)) > 0) {
        throw new IllegalArgumentException("taskTimeout: must be at most 120s, was " + value);
      }
      this.taskTimeout = value;
      return this;
    }

    public Builder retryOptions(RetryOptions value) {
      this.retryOptions = java.util.Objects.requireNonNull(value, "retryOptions");
      return this;
    }

    public WorkflowOptions build() {
      Validate.notBlank(taskQueue, "taskQueue");
      return new WorkflowOptions(this);
    }
  }
}
