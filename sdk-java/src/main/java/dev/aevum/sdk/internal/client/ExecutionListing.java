package dev.aevum.sdk.internal.client;

import com.google.protobuf.ByteString;
import dev.aevum.sdk.WorkflowDescription;
import dev.aevum.sdk.internal.common.Enums;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.internal.common.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * ListWorkflowExecutions as a lazy stream: the next page is fetched when the current one is used
 * up.
 */
public final class ExecutionListing implements Iterator<WorkflowDescription> {
  static final int PAGE_SIZE = 100;

  private final Rpc rpc;
  private final String namespace;
  private final String query;
  private final ArrayDeque<WorkflowExecutionInfo> buffer = new ArrayDeque<>();
  private ByteString nextPageToken = ByteString.EMPTY;
  private boolean lastPageRead;

  private ExecutionListing(Rpc rpc, String namespace, String query) {
    this.rpc = rpc;
    this.namespace = namespace;
    this.query = query;
  }

  public static Stream<WorkflowDescription> stream(Rpc rpc, String namespace, String query) {
    ExecutionListing listing = new ExecutionListing(rpc, namespace, query);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(listing, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !lastPageRead) {
      ListWorkflowExecutionsRequest request =
          ListWorkflowExecutionsRequest.newBuilder()
              .setNamespace(namespace)
              .setQuery(query)
              .setPageSize(PAGE_SIZE)
              .setNextPageToken(nextPageToken)
              .build();
      ListWorkflowExecutionsResponse page =
          rpc.call("ListWorkflowExecutions", s -> s.listWorkflowExecutions(request));
      buffer.addAll(page.getExecutionsList());
      nextPageToken = page.getNextPageToken();
      lastPageRead = nextPageToken.isEmpty();
    }
    return !buffer.isEmpty();
  }

  @Override
  public WorkflowDescription next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return describe(buffer.removeFirst());
  }

  /** The SDK's view of a run as Describe and List report it. */
  public static WorkflowDescription describe(WorkflowExecutionInfo info) {
    return new WorkflowDescription(
        info.getExecution().getWorkflowId(),
        info.getExecution().getRunId(),
        info.getType().getName(),
        info.getTaskQueue(),
        Enums.workflowStatus(info.getStatus()),
        ProtoTime.toJava(info.getStartTime()),
        info.hasCloseTime() ? Optional.of(ProtoTime.toJava(info.getCloseTime())) : Optional.empty(),
        info.getHistoryLength(),
        SearchAttributes.decode(info.getSearchAttributes()));
  }

  /** A status as Temporal names it in queries and count groups ("Running", "ContinuedAsNew"). */
  public static WorkflowExecutionStatus status(String name) {
    String wanted = name.replace("_", "").toUpperCase(Locale.ROOT);
    for (var status : WorkflowExecutionStatus.values()) {
      if (status != WorkflowExecutionStatus.UNRECOGNIZED
          && status
              .name()
              .replace("WORKFLOW_EXECUTION_STATUS_", "")
              .replace("_", "")
              .equals(wanted)) {
        return status;
      }
    }
    throw new IllegalStateException("the server reported an unknown workflow status " + name);
  }
}
