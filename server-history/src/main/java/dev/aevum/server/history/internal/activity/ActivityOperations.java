package dev.aevum.server.history.internal.activity;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import java.util.List;

/**
 * An operator's hand on a workflow's pending activities: PauseActivity, UnpauseActivity and
 * ResetActivity, each naming the activity by id or type (or all of them).
 */
public final class ActivityOperations {
  private ActivityOperations() {}

  public static PauseActivityResponse pause(
      ShardContext shard, String namespaceId, PauseActivityRequest request) {
    forEach(
        shard,
        namespaceId,
        request.getExecution(),
        request.getId(),
        request.getType(),
        false,
        (tx, info) -> Activities.pause(tx, info));
    return PauseActivityResponse.getDefaultInstance();
  }

  public static UnpauseActivityResponse unpause(
      ShardContext shard, String namespaceId, UnpauseActivityRequest request) {
    forEach(
        shard,
        namespaceId,
        request.getExecution(),
        request.getId(),
        request.getType(),
        request.getUnpauseAll(),
        (tx, info) -> {
          if (info.getPaused()) {
            Activities.unpause(tx, info, request.getResetAttempts(), request.getResetHeartbeat());
          }
        });
    return UnpauseActivityResponse.getDefaultInstance();
  }

  public static ResetActivityResponse reset(
      ShardContext shard, String namespaceId, ResetActivityRequest request) {
    forEach(
        shard,
        namespaceId,
        request.getExecution(),
        request.getId(),
        request.getType(),
        request.getMatchAll(),
        (tx, info) ->
            Activities.reset(tx, info, request.getResetHeartbeat(), request.getKeepPaused()));
    return ResetActivityResponse.getDefaultInstance();
  }

  private interface Operation {
    void apply(Transaction tx, ActivityInfo info);
  }

  private static void forEach(
      ShardContext shard,
      String namespaceId,
      WorkflowExecution execution,
      String id,
      String type,
      boolean all,
      Operation operation) {
    if (id.isEmpty() && type.isEmpty() && !all) {
      throw Errors.invalidArgument("Either the activity id or the activity type must be set.");
    }
    RunKey key = shard.resolve(namespaceId, execution.getWorkflowId(), execution.getRunId());
    shard.update(
        key,
        tx -> {
          if (!tx.isRunning()) {
            throw Errors.notFound("workflow execution already completed");
          }
          List<ActivityInfo> chosen =
              tx.read().getActivitiesMap().values().stream()
                  .filter(
                      a ->
                          all
                              || (!id.isEmpty() && a.getActivityId().equals(id))
                              || (!type.isEmpty() && typeOf(a).equals(type)))
                  .toList();
          if (chosen.isEmpty()) {
            throw Errors.notFound(
                "no pending activity "
                    + (id.isEmpty() ? "of type " + type : "with id " + id)
                    + " in workflow "
                    + execution.getWorkflowId());
          }
          chosen.forEach(info -> operation.apply(tx, info));
          return null;
        });
  }

  private static String typeOf(ActivityInfo info) {
    try {
      return HistoryEvent.parseFrom(info.getScheduledEvent())
          .getActivityTaskScheduledEventAttributes()
          .getActivityType()
          .getName();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt scheduled event of " + info.getActivityId(), e);
    }
  }
}
