package dev.aevum.sdk.workflow;

import dev.aevum.sdk.RetryOptions;
import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Options of a child workflow started through {@link Workflow#newChildWorkflowStub}. */
public final class ChildWorkflowOptions {
  private final String workflowId;
  private final String taskQueue;
  private final Duration executionTimeout;
  private final Duration runTimeout;
  private final Duration taskTimeout;
  private final RetryOptions retryOptions;
  private final ParentClosePolicy parentClosePolicy;

  private ChildWorkflowOptions(Builder b) {
    this.workflowId = b.workflowId;
    this.taskQueue = b.taskQueue;
    this.executionTimeout = b.executionTimeout;
    this.runTimeout = b.runTimeout;
    this.taskTimeout = b.taskTimeout;
    this.retryOptions = b.retryOptions;
    this.parentClosePolicy = b.parentClosePolicy;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** All defaults: a random workflow id, the parent's task queue, the server's timeouts. */
  public static ChildWorkflowOptions defaults() {
    return new Builder().build();
  }

  /** Empty means a UUID drawn from the parent's deterministic random source. */
  public Optional<String> workflowId() {
    return Optional.ofNullable(workflowId);
  }

  /** Empty means the parent's task queue. */
  public Optional<String> taskQueue() {
    return Optional.ofNullable(taskQueue);
  }

  public Optional<Duration> executionTimeout() {
    return Optional.ofNullable(executionTimeout);
  }

  public Optional<Duration> runTimeout() {
    return Optional.ofNullable(runTimeout);
  }

  public Optional<Duration> taskTimeout() {
    return Optional.ofNullable(taskTimeout);
  }

  public Optional<RetryOptions> retryOptions() {
    return Optional.ofNullable(retryOptions);
  }

  public ParentClosePolicy parentClosePolicy() {
    return parentClosePolicy;
  }

  public static final class Builder {
    private String workflowId;
    private String taskQueue;
    private Duration executionTimeout;
    private Duration runTimeout;
    private Duration taskTimeout;
    private RetryOptions retryOptions;
    private ParentClosePolicy parentClosePolicy = ParentClosePolicy.TERMINATE;

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
      this.taskTimeout = Validate.positive(value, "taskTimeout");
      return this;
    }

    public Builder retryOptions(RetryOptions value) {
      this.retryOptions = Objects.requireNonNull(value, "retryOptions");
      return this;
    }

    public Builder parentClosePolicy(ParentClosePolicy value) {
      this.parentClosePolicy = Objects.requireNonNull(value, "parentClosePolicy");
      return this;
    }

    public ChildWorkflowOptions build() {
      return new ChildWorkflowOptions(this);
    }
  }
}
