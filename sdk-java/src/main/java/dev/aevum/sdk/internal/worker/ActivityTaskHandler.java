package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.AevumServiceException;
import dev.aevum.sdk.ContextPropagator;
import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.failure.ApplicationFailure;
import dev.aevum.sdk.failure.CanceledFailure;
import dev.aevum.sdk.internal.common.FailureConverter;
import dev.aevum.sdk.internal.common.Headers;
import dev.aevum.sdk.internal.common.ProtoTime;
import dev.aevum.sdk.internal.common.Rpc;
import dev.aevum.sdk.worker.WorkerInterceptor;
import io.grpc.Status;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/** Runs one activity task and reports its outcome. */
final class ActivityTaskHandler {
  private static final System.Logger LOG = System.getLogger(ActivityTaskHandler.class.getName());

  private final Rpc rpc;
  private final String namespace;
  private final String identity;
  private final String taskQueue;
  private final ActivityRegistry registry;
  private final DataConverter converter;
  private final FailureConverter failures;
  private final List<ContextPropagator> propagators;
  private final List<WorkerInterceptor> interceptors;

  ActivityTaskHandler(
      Rpc rpc,
      String namespace,
      String identity,
      String taskQueue,
      ActivityRegistry registry,
      DataConverter converter,
      List<ContextPropagator> propagators,
      List<WorkerInterceptor> interceptors) {
    this.propagators = propagators;
    this.interceptors = interceptors;
    this.rpc = rpc;
    this.namespace = namespace;
    this.identity = identity;
    this.taskQueue = taskQueue;
    this.registry = registry;
    this.converter = converter;
    this.failures = new FailureConverter(converter);
  }

  void handle(PollActivityTaskQueueResponse task) {
    String type = task.getActivityType().getName();
    ActivityInfo info =
        new ActivityInfo(
            namespace,
            task.getActivityId(),
            type,
            task.getAttempt(),
            task.getWorkflowExecution().getWorkflowId(),
            task.getWorkflowExecution().getRunId(),
            task.getWorkflowType().getName(),
            taskQueue);
    Optional<ActivityRegistry.Registration> registration = registry.get(type);
    if (registration.isEmpty()) {
      fail(
          task,
          ApplicationFailure.newFailure(
              "activity type "
                  + type
                  + " is not registered with this worker; registered: "
                  + registry.types(),
              "ActivityTypeNotRegistered"));
      return;
    }
    Optional<Payloads> previous =
        task.hasHeartbeatDetails() ? Optional.of(task.getHeartbeatDetails()) : Optional.empty();
    ActivityContextImpl context =
        new ActivityContextImpl(
            info,
            task.getTaskToken(),
            previous,
            rpc,
            converter,
            identity,
            ProtoTime.toJava(task.getHeartbeatTimeout()));
    ActivityContextHolder.set(context);
    Headers.restore(propagators, task.getHeader());
    Object result;
    Method method = registration.get().method();
    long start = System.nanoTime();
    try {
      Object[] args =
          registration
              .get()
              .arguments(
                  task.hasInput() ? Optional.of(task.getInput()) : Optional.empty(), converter);
      result = Interceptors.activity(interceptors, info, registration.get().target(), method, args);
      rpc.metrics().activity(type, taskQueue, System.nanoTime() - start, false);
    } catch (Throwable e) {
      rpc.metrics().activity(type, taskQueue, System.nanoTime() - start, true);
      // The activity's own exception (or an interceptor's) fails the attempt.
      reportFailure(task, e, context.close());
      return;
    } finally {
      ActivityContextHolder.clear();
      // Pool threads are reused: leave no task's context behind.
      Headers.restore(propagators, Header.getDefaultInstance());
    }
    context.close();
    if (!context.completeOnReturn()) {
      return; // Completed later through the completion client.
    }
    RespondActivityTaskCompletedRequest.Builder request =
        RespondActivityTaskCompletedRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskToken(task.getTaskToken())
            .setIdentity(identity);
    if (method.getReturnType() != void.class) {
      request.setResult(converter.toPayloads(result));
    }
    respond(
        "RespondActivityTaskCompleted",
        task,
        () ->
            rpc.call(
                "RespondActivityTaskCompleted",
                s -> s.respondActivityTaskCompleted(request.build())));
  }

  private void reportFailure(
      PollActivityTaskQueueResponse task, Throwable failure, Optional<Payloads> lastDetails) {
    if (failure instanceof CanceledFailure) {
      RespondActivityTaskCanceledRequest.Builder canceled =
          RespondActivityTaskCanceledRequest.newBuilder()
              .setNamespace(namespace)
              .setTaskToken(task.getTaskToken())
              .setIdentity(identity);
      lastDetails.ifPresent(canceled::setDetails);
      RespondActivityTaskCanceledRequest request = canceled.build();
      respond(
          "RespondActivityTaskCanceled",
          task,
          () ->
              rpc.call("RespondActivityTaskCanceled", s -> s.respondActivityTaskCanceled(request)));
      return;
    }
    fail(task, failure, lastDetails);
  }

  private void fail(PollActivityTaskQueueResponse task, Throwable failure) {
    fail(task, failure, Optional.empty());
  }

  /** Heartbeat details the throttle still held travel with the failure, for the next attempt. */
  private void fail(
      PollActivityTaskQueueResponse task, Throwable failure, Optional<Payloads> lastDetails) {
    RespondActivityTaskFailedRequest.Builder failed =
        RespondActivityTaskFailedRequest.newBuilder()
            .setNamespace(namespace)
            .setTaskToken(task.getTaskToken())
            .setIdentity(identity)
            .setFailure(failures.toFailure(failure));
    lastDetails.ifPresent(failed::setLastHeartbeatDetails);
    RespondActivityTaskFailedRequest request = failed.build();
    respond(
        "RespondActivityTaskFailed",
        task,
        () -> rpc.call("RespondActivityTaskFailed", s -> s.respondActivityTaskFailed(request)));
  }

  private void respond(String operation, PollActivityTaskQueueResponse task, Runnable call) {
    try {
      call.run();
    } catch (AevumServiceException e) {
      if (e.status().getCode() == Status.Code.NOT_FOUND) {
        // The attempt timed out or the workflow closed meanwhile; the server no longer wants the
        // answer.
        LOG.log(
            Level.INFO,
            operation
                + " for activity "
                + task.getActivityId()
                + " ignored: task no longer exists");
        return;
      }
      throw e;
    }
  }
}
