package dev.aevum.server.history.internal.update;

import com.google.protobuf.Any;
import dev.aevum.server.history.internal.execution.RunKey;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.protocol.v1.Message;
import io.temporal.api.update.v1.Outcome;
import io.temporal.api.update.v1.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The updates a history host holds in memory: admitted updates waiting to be sent to a worker, and
 * the futures their callers wait on. Accepted and completed updates are also recorded in mutable
 * state, so they survive a restart; admitted ones do not (their callers retry), as in Temporal.
 */
public final class UpdateRegistry {
  private final Map<RunKey, Map<String, Update>> runs = new ConcurrentHashMap<>();

  /** One update of one run. */
  public static final class Update {
    final String id;
    final Request request;
    final CompletableFuture<Void> accepted = new CompletableFuture<>();
    final CompletableFuture<Outcome> completed = new CompletableFuture<>();
    // Its request is in an UpdateAdmitted event, so the worker reads it from history, not from a
    // protocol message.
    final boolean durable;

    Update(String id, Request request, boolean durable) {
      this.id = id;
      this.request = request;
      this.durable = durable;
    }

    public boolean durable() {
      return durable;
    }

    public CompletableFuture<Void> accepted() {
      return accepted;
    }

    public CompletableFuture<Outcome> completed() {
      return completed;
    }
  }

  /** Admits an update, or returns the one already admitted with that id. */
  public synchronized Update admit(RunKey run, Request request) {
    Map<String, Update> updates = runs.computeIfAbsent(run, k -> new LinkedHashMap<>());
    return updates.computeIfAbsent(
        request.getMeta().getUpdateId(), id -> new Update(id, request, false));
  }

  /**
   * Tracks an update accepted before this host (re)loaded the run, so a caller can wait for its
   * outcome.
   */
  public synchronized Update trackAccepted(RunKey run, String updateId) {
    Map<String, Update> updates = runs.computeIfAbsent(run, k -> new LinkedHashMap<>());
    Update u =
        updates.computeIfAbsent(
            updateId, id -> new Update(id, Request.getDefaultInstance(), false));
    u.accepted.complete(null);
    return u;
  }

  /**
   * Tracks an update a reset reapplied (an UpdateAdmitted event in history), so a caller can wait
   * for its acceptance and outcome.
   */
  public synchronized Update trackDurablyAdmitted(RunKey run, String updateId) {
    Map<String, Update> updates = runs.computeIfAbsent(run, k -> new LinkedHashMap<>());
    return updates.computeIfAbsent(
        updateId, id -> new Update(id, Request.getDefaultInstance(), true));
  }

  public synchronized Optional<Update> find(RunKey run, String updateId) {
    return Optional.ofNullable(runs.getOrDefault(run, Map.of()).get(updateId));
  }

  /**
   * True if some admitted update, other than {@code answeredNow}, still waits for the worker's
   * answer.
   */
  public synchronized boolean hasUnanswered(RunKey run, Set<String> answeredNow) {
    return runs.getOrDefault(run, Map.of()).values().stream()
        .anyMatch(u -> !u.durable && !u.accepted.isDone() && !answeredNow.contains(u.id));
  }

  /**
   * The request messages for a workflow task started as {@code startedEventId}: every update not
   * yet answered.
   */
  public synchronized List<Message> messages(RunKey run, long startedEventId) {
    List<Message> messages = new ArrayList<>();
    for (Update u : runs.getOrDefault(run, Map.of()).values()) {
      if (!u.durable && !u.accepted.isDone()) {
        messages.add(
            Message.newBuilder()
                .setId(u.id + "/request")
                .setProtocolInstanceId(u.id)
                .setEventId(startedEventId - 1)
                .setBody(Any.pack(u.request))
                .build());
      }
    }
    return messages;
  }

  public synchronized Optional<Request> request(RunKey run, String updateId) {
    return find(run, updateId).map(u -> u.request);
  }

  /** After commit: the worker accepted the update. */
  public synchronized void accepted(RunKey run, String updateId) {
    find(run, updateId).ifPresent(u -> u.accepted.complete(null));
  }

  /** After commit: the update finished (completed, or rejected by the worker). */
  public synchronized void completed(RunKey run, String updateId, Outcome outcome) {
    Map<String, Update> updates = runs.get(run);
    if (updates == null) {
      return;
    }
    Update u = updates.remove(updateId);
    if (updates.isEmpty()) {
      runs.remove(run);
    }
    if (u != null) {
      // Outcome first: a caller woken by acceptance must already see a rejection's outcome.
      u.completed.complete(outcome);
      u.accepted.complete(null);
    }
  }

  /**
   * The run closed: accepted updates fail with Temporal's message, admitted ones end with {@code
   * notAccepted} (their callers retry against the next run, if any).
   */
  public synchronized void runClosed(RunKey run, RuntimeException notAccepted) {
    Map<String, Update> updates = runs.remove(run);
    if (updates == null) {
      return;
    }
    for (Update u : updates.values()) {
      if (u.accepted.isDone()) {
        u.completed.complete(
            Outcome.newBuilder()
                .setFailure(
                    Failure.newBuilder()
                        .setMessage(
                            "Workflow Update failed because the Workflow completed before the Update completed.")
                        .setSource("Server")
                        .setApplicationFailureInfo(
                            ApplicationFailureInfo.newBuilder()
                                .setType("AcceptedUpdateCompletedWorkflow")
                                .setNonRetryable(true)))
                .build());
      } else {
        u.accepted.completeExceptionally(notAccepted);
        u.completed.completeExceptionally(notAccepted);
      }
    }
  }
}
