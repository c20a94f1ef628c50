package dev.aevum.server.history.internal.activity;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.persistence.ActivityInfo;
import dev.aevum.server.common.Errors;
import dev.aevum.server.history.internal.execution.HistoryReader;
import dev.aevum.server.history.internal.execution.RunKey;
import dev.aevum.server.history.internal.execution.ShardContext;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.activity.v1.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PauseActivityRequest;
import io.temporal.api.workflowservice.v1.PauseActivityResponse;
import io.temporal.api.workflowservice.v1.ResetActivityRequest;
import io.temporal.api.workflowservice.v1.ResetActivityResponse;
import io.temporal.api.workflowservice.v1.UnpauseActivityRequest;
import io.temporal.api.workflowservice.v1.UnpauseActivityResponse;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsRequest;
import io.temporal.api.workflowservice.v1.UpdateActivityOptionsResponse;
import java.util.List;
import java.util.Set;

/**
 * An operator's hand on a workflow's pending activities: PauseActivity, UnpauseActivity,
 * ResetActivity and UpdateActivityOptions, each naming the activity by id or type (or all of them).
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

  /**
   * UpdateActivityOptions: the options the mask names, or all of them back to the scheduled event's
   * ({@code restore_original}), for each chosen activity; answers with the options the last one now
   * runs with.
   */
  public static UpdateActivityOptionsResponse updateOptions(
      ShardContext shard, String namespaceId, UpdateActivityOptionsRequest request) {
    boolean restore = request.getRestoreOriginal();
    if (restore && request.getUpdateMask().getPathsCount() > 0) {
      throw Errors.invalidArgument("Both UpdateMask and RestoreOriginal are provided");
    }
    if (!restore && !request.hasActivityOptions()) {
      throw Errors.invalidArgument("ActivityOptions are not provided");
    }
    Set<String> paths = restore ? Set.of() : ActivityOptionsChange.paths(request.getUpdateMask());
    ActivityOptions[] last = {ActivityOptions.getDefaultInstance()};
    forEach(
        shard,
        namespaceId,
        request.getExecution(),
        request.getId(),
        request.getType(),
        request.getMatchAll(),
        (tx, info) -> {
          ActivityOptions wanted =
              restore
                  ? ActivityOptionsChange.original(
                      HistoryReader.read(
                              shard,
                              tx.key(),
                              info.getScheduledEventId(),
                              info.getScheduledEventId() + 1)
                          .get(0))
                  : ActivityOptionsChange.merge(
                      ActivityOptionsChange.current(info), request.getActivityOptions(), paths);
          var execution = tx.read().getExecution();
          var applied =
              ActivityOptionsChange.apply(
                  info, wanted, execution.getTaskQueue(), execution.getWorkflowRunTimeoutMs());
          Activities.changeOptions(tx, info, applied.info());
          last[0] = applied.options();
        });
    return UpdateActivityOptionsResponse.newBuilder().setActivityOptions(last[0]).build();
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
