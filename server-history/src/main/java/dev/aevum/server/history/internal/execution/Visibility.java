package dev.aevum.server.history.internal.execution;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.aevum.persistence.VisibilityRecord;
import dev.aevum.proto.persistence.MutableState;
import dev.aevum.server.common.activity.StandaloneActivityIds;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.util.OptionalLong;

/** What listings and describe show of a run, derived from its mutable state. */
public final class Visibility {
  private Visibility() {}

  /** The run as List/Describe return it. */
  public static WorkflowExecutionInfo.Builder info(RunKey key, MutableState state) {
    var e = state.getExecution();
    WorkflowExecution self =
        WorkflowExecution.newBuilder()
            .setWorkflowId(key.workflowId())
            .setRunId(key.runId())
            .build();
    WorkflowExecutionInfo.Builder info =
        WorkflowExecutionInfo.newBuilder()
            .setExecution(self)
            .setType(WorkflowType.newBuilder().setName(e.getWorkflowType()))
            .setStartTime(Timestamps.fromMillis(e.getStartTimeMs()))
            .setExecutionTime(Timestamps.fromMillis(e.getExecutionTimeMs()))
            .setStatus(WorkflowExecutionStatus.forNumber(e.getStatus()))
            .setHistoryLength(state.getNextEventId() - 1)
            .setHistorySizeBytes(state.getHistorySizeBytes())
            .setTaskQueue(e.getTaskQueue())
            .setStateTransitionCount(e.getStateTransitionCount())
            .setFirstRunId(e.getFirstExecutionRunId())
            .setMemo(parse(e.getMemo(), Memo.parser()))
            .setSearchAttributes(parse(e.getSearchAttributes(), SearchAttributes.parser()))
            .setRootExecution(
                e.getRootWorkflowId().isEmpty()
                    ? self
                    : WorkflowExecution.newBuilder()
                        .setWorkflowId(e.getRootWorkflowId())
                        .setRunId(e.getRootRunId())
                        .build());
    if (!e.getParentWorkflowId().isEmpty()) {
      info.setParentNamespaceId(e.getParentNamespaceId())
          .setParentExecution(
              WorkflowExecution.newBuilder()
                  .setWorkflowId(e.getParentWorkflowId())
                  .setRunId(e.getParentRunId()));
    }
    if (e.getCloseTimeMs() > 0) {
      info.setCloseTime(Timestamps.fromMillis(e.getCloseTimeMs()))
          .setExecutionDuration(
              Durations.fromMillis(Math.max(0, e.getCloseTimeMs() - e.getExecutionTimeMs())));
    }
    return info;
  }

  /**
   * The run's visibility row, written with the transaction that changed what it shows. A standalone
   * activity's row is listed apart, under its activity id.
   */
  public static VisibilityRecord record(RunKey key, MutableState state) {
    var e = state.getExecution();
    WorkflowExecutionInfo.Builder shown = info(key, state);
    String namespaceId = namespaceId(key);
    String id = key.workflowId();
    if (StandaloneActivityIds.isStandalone(id)) {
      id = StandaloneActivityIds.activityId(id);
      shown.getExecutionBuilder().setWorkflowId(id);
      shown.clearRootExecution();
    }
    WorkflowExecutionInfo info = shown.build();
    return new VisibilityRecord(
        namespaceId,
        key.runId(),
        id,
        e.getWorkflowType(),
        e.getTaskQueue(),
        e.getStatus(),
        e.getStartTimeMs(),
        e.getExecutionTimeMs(),
        e.getCloseTimeMs() > 0 ? OptionalLong.of(e.getCloseTimeMs()) : OptionalLong.empty(),
        info.getHistoryLength(),
        info.toByteArray(),
        SearchAttributeValues.of(info.getSearchAttributes()));
  }

  /** The namespace id the run's row is listed under. */
  public static String namespaceId(RunKey key) {
    return StandaloneActivityIds.isStandalone(key.workflowId())
        ? StandaloneActivityIds.visibilityNamespaceId(key.namespaceId())
        : key.namespaceId();
  }

  private static <T> T parse(ByteString bytes, Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt memo or search attributes in mutable state", e);
    }
  }
}
