package dev.aevum.server.frontend.internal.tasks;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.token.TaskToken;
import dev.aevum.server.common.Errors;

/** Reading the opaque task tokens workers send back, and making the ones the *ById calls imply. */
public final class TaskTokens {
  private TaskTokens() {}

  /**
   * @throws dev.aevum.server.common.ServiceException INVALID_ARGUMENT for bytes that are not a
   *     usable token
   */
  public static TaskToken decode(ByteString bytes) {
    TaskToken token;
    try {
      token = TaskToken.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("Error deserializing task token.");
    }
    if (token.getNamespaceId().isEmpty() || token.getWorkflowId().isEmpty()) {
      throw Errors.invalidArgument("Invalid TaskToken.");
    }
    return token;
  }

  /** A query task's token: it names the waiting query instead of a workflow to route to. */
  public static TaskToken decodeQuery(ByteString bytes) {
    TaskToken token;
    try {
      token = TaskToken.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Errors.invalidArgument("Error deserializing task token.");
    }
    if (token.getKind() != TaskToken.Kind.QUERY_TASK
        || token.getNamespaceId().isEmpty()
        || token.getQueryTaskId().isEmpty()) {
      throw Errors.invalidArgument("Invalid TaskToken.");
    }
    return token;
  }

  /**
   * The token of an activity named by id, as Temporal builds it for the *ById calls: no scheduled
   * event id, so history finds the activity by its id.
   */
  public static ByteString activityById(
      String namespaceId, String workflowId, String runId, String activityId) {
    return TaskToken.newBuilder()
        .setKind(TaskToken.Kind.ACTIVITY_TASK)
        .setNamespaceId(namespaceId)
        .setWorkflowId(workflowId)
        .setRunId(runId)
        .setActivityId(activityId)
        .setAttempt(1)
        .build()
        .toByteString();
  }
}
