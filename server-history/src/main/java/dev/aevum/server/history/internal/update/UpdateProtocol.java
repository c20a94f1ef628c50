package dev.aevum.server.history.internal.update;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.persistence.UpdateRecord;
import dev.aevum.server.history.internal.execution.Transaction;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionUpdateAcceptedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionUpdateCompletedEventAttributes;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Acceptance;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Rejection;
import io.temporal.api.update.v1.Response;
import java.util.HashSet;
import java.util.Set;

/**
 * The worker's update messages in a workflow task completion: an acceptance and a response become
 * UpdateAccepted / UpdateCompleted events, a rejection leaves no event. Callers are told only after
 * the transition commits.
 */
public final class UpdateProtocol {
  private final Transaction tx;
  private final UpdateRegistry registry;
  private final Set<String> answered = new HashSet<>();

  public UpdateProtocol(Transaction tx, UpdateRegistry registry) {
    this.tx = tx;
    this.registry = registry;
  }

  /**
   * Thrown for a message Aevum cannot apply; the workflow task fails with
   * BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE.
   */
  public static final class BadMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadMessage(String message) {
      super(message, null, false, false);
    }
  }

  public void handle(Message message) {
    answered.add(message.getProtocolInstanceId());
    try {
      var body = message.getBody();
      if (body.is(Acceptance.class)) {
        accept(message, body.unpack(Acceptance.class));
      } else if (body.is(Response.class)) {
        respond(body.unpack(Response.class));
      } else if (body.is(Rejection.class)) {
        Rejection rejection = body.unpack(Rejection.class);
        String updateId = message.getProtocolInstanceId();
        Outcome outcome = Outcome.newBuilder().setFailure(rejection.getFailure()).build();
        tx.afterCommit(() -> registry.completed(tx.key(), updateId, outcome));
      } else {
        throw new BadMessage("unsupported protocol message body " + body.getTypeUrl());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new BadMessage("malformed protocol message " + message.getId() + ": " + e.getMessage());
    }
  }

  private void accept(Message message, Acceptance acceptance) {
    String updateId = message.getProtocolInstanceId();
    UpdateRecord admitted = tx.read().getUpdatesMap().get(updateId);
    if (admitted != null && admitted.getAcceptedEventId() != 0) {
      return;
    }
    var accepted =
        WorkflowExecutionUpdateAcceptedEventAttributes.newBuilder()
            .setProtocolInstanceId(updateId)
            .setAcceptedRequestMessageId(acceptance.getAcceptedRequestMessageId())
            .setAcceptedRequestSequencingEventId(acceptance.getAcceptedRequestSequencingEventId());
    // A durably admitted update's request is in its UpdateAdmitted event; an Accepted event
    // without one tells the SDK's replay to take it from there.
    if (admitted == null) {
      accepted.setAcceptedRequest(
          acceptance.hasAcceptedRequest()
              ? acceptance.getAcceptedRequest()
              : registry
                  .request(tx.key(), updateId)
                  .orElseThrow(
                      () -> new BadMessage("update " + updateId + " is not known to the server")));
    }
    long id =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .setWorkflowExecutionUpdateAcceptedEventAttributes(accepted));
    UpdateRecord.Builder record =
        admitted == null ? UpdateRecord.newBuilder() : admitted.toBuilder();
    tx.state().putUpdates(updateId, record.setAcceptedEventId(id).build());
    tx.afterCommit(() -> registry.accepted(tx.key(), updateId));
  }

  private void respond(Response response) {
    String updateId = response.getMeta().getUpdateId();
    UpdateRecord record = tx.read().getUpdatesMap().get(updateId);
    if (record == null || record.getAcceptedEventId() == 0) {
      throw new BadMessage("update " + updateId + " was not accepted before its response");
    }
    if (record.getCompletedEventId() != 0) {
      return;
    }
    long id =
        tx.append(
            HistoryEvent.newBuilder()
                .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
                .setWorkflowExecutionUpdateCompletedEventAttributes(
                    WorkflowExecutionUpdateCompletedEventAttributes.newBuilder()
                        .setMeta(response.getMeta())
                        .setAcceptedEventId(record.getAcceptedEventId())
                        .setOutcome(response.getOutcome())));
    tx.state()
        .putUpdates(
            updateId,
            record.toBuilder()
                .setCompletedEventId(id)
                .setOutcome(response.getOutcome().toByteString())
                .build());
    tx.afterCommit(() -> registry.completed(tx.key(), updateId, response.getOutcome()));
  }

  /** Ids of the updates the worker answered in this completion. */
  public Set<String> answered() {
    return answered;
  }
}
