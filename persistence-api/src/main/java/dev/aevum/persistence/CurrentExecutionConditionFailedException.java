package dev.aevum.persistence;

/**
 * Creating a run failed because the workflow id's current-run pointer is not what the writer
 * expected (for a brand-new start: a current run exists). Carries that current run so the caller
 * can apply request-id dedup and the id reuse/conflict policies. Nothing was written.
 */
public final class CurrentExecutionConditionFailedException extends PersistenceException {
  private static final long serialVersionUID = 1L;

  private final CurrentExecution current;

  public CurrentExecutionConditionFailedException(CurrentExecution current) {
    super("workflow id already has current run " + current.runId());
    this.current = current;
  }

  public CurrentExecution current() {
    return current;
  }
}
