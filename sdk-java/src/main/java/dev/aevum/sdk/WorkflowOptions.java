package dev.aevum.sdk;

import dev.aevum.sdk.internal.common.Validate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options for starting a workflow. The task queue is required; the id defaults to a random UUID.
 */
public final class WorkflowOptions {
  private final String workflowId;
  private final String taskQueue;
  private final Duration executionTimeout;
  private final Duration runTimeout;
  private final Duration taskTimeout;
  private final RetryOptions retryOptions;
  private final WorkflowIdReusePolicy idReusePolicy;
  private final WorkflowIdConflictPolicy idConflictPolicy;
  private final String cronSchedule;
  private final Map<String, Object> memo;
  private final Duration startDelay;
  private final Map<String, Object> searchAttributes;

  private WorkflowOptions(Builder b) {
    this.idReusePolicy = b.idReusePolicy;
    this.idConflictPolicy = b.idConflictPolicy;
    this.cronSchedule = b.cronSchedule;
    this.memo = Collections.unmodifiableMap(new LinkedHashMap<>(b.memo));
    this.startDelay = b.startDelay;
    this.searchAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.searchAttributes));
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

  /** Empty means the server's default (ALLOW_DUPLICATE). */
  public Optional<WorkflowIdReusePolicy> idReusePolicy() {
    return Optional.ofNullable(idReusePolicy);
  }

  /** Empty means the server's default (FAIL). */
  public Optional<WorkflowIdConflictPolicy> idConflictPolicy() {
    return Optional.ofNullable(idConflictPolicy);
  }

  public Optional<String> cronSchedule() {
    return Optional.ofNullable(cronSchedule);
  }

  /**
   * Values the server stores with the execution without indexing them; encoded with the data
   * converter.
   */
  public Map<String, Object> memo() {
    return memo;
  }

  /** Indexed values for visibility queries; the names must be registered on the server. */
  public Map<String, Object> searchAttributes() {
    return searchAttributes;
  }

  /** How long the server waits before the first workflow task. */
  public Optional<Duration> startDelay() {
    return Optional.ofNullable(startDelay);
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
    private WorkflowIdReusePolicy idReusePolicy;
    private WorkflowIdConflictPolicy idConflictPolicy;
    private String cronSchedule;
    private final Map<String, Object> memo = new LinkedHashMap<>();
    private Duration startDelay;
    private final Map<String, Object> searchAttributes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * A search attribute (String, long, double, boolean, an ISO-8601 date-time string, or a list of
     * strings), encoded as JSON so the server can index it; codecs are not applied.
     */
    public Builder searchAttribute(String name, Object value) {
      Validate.notBlank(name, "searchAttribute name");
      searchAttributes.put(name, Objects.requireNonNull(value, "searchAttribute value"));
      return this;
    }

    public Builder idReusePolicy(WorkflowIdReusePolicy value) {
      this.idReusePolicy = Objects.requireNonNull(value, "idReusePolicy");
      return this;
    }

    public Builder idConflictPolicy(WorkflowIdConflictPolicy value) {
      this.idConflictPolicy = Objects.requireNonNull(value, "idConflictPolicy");
      return this;
    }

    /** A cron expression ("0 * * * *"): the server starts a run on each tick. */
    public Builder cronSchedule(String value) {
      this.cronSchedule = Validate.notBlank(value, "cronSchedule");
      return this;
    }

    public Builder memo(String key, Object value) {
      Validate.notBlank(key, "memo key");
      memo.put(key, Objects.requireNonNull(value, "memo value"));
      return this;
    }

    public Builder startDelay(Duration value) {
      this.startDelay = Validate.positive(value, "startDelay");
      return this;
    }

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
      this.retryOptions = Objects.requireNonNull(value, "retryOptions");
      return this;
    }

    public WorkflowOptions build() {
      Validate.notBlank(taskQueue, "taskQueue");
      return new WorkflowOptions(this);
    }
  }
}
