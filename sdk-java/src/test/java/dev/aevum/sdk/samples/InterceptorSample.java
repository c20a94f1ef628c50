package dev.aevum.sdk.samples;

import dev.aevum.sdk.ClientInterceptor;
import dev.aevum.sdk.ClientOptions;
import dev.aevum.sdk.ContextPropagator;
import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.worker.WorkerInterceptor;
import dev.aevum.sdk.worker.WorkerOptions;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import io.temporal.api.common.v1.Payload;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Interceptors and context propagation together: the signed-in user, held in a thread-local as a
 * web framework would, travels from the client into the workflow and its activity through call
 * headers. A client interceptor and a worker interceptor write an audit trail that names that user.
 */
public final class InterceptorSample {
  static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();
  static final List<String> AUDIT = new CopyOnWriteArrayList<>();

  /**
   * Copies {@link #CURRENT_USER} into a "user" header and back onto the thread that runs the call.
   */
  static final class UserPropagator implements ContextPropagator {
    private final DataConverter converter = DataConverter.defaultInstance();

    @Override
    public String name() {
      return "user";
    }

    @Override
    public Object currentContext() {
      return CURRENT_USER.get(); // the SDK's contract: null when the thread has no user
    }

    @Override
    public void setCurrentContext(Object context) {
      if (context == null) {
        CURRENT_USER.remove();
      } else {
        CURRENT_USER.set((String) context);
      }
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
      return context == null ? Map.of() : Map.of("user", converter.toPayload(context));
    }

    @Override
    public Object deserializeContext(Map<String, Payload> header) {
      Payload user = header.get("user");
      return user == null ? null : converter.fromPayload(user, String.class, String.class);
    }
  }

  static final class AuditingClient implements ClientInterceptor {
    @Override
    public Object interceptStart(
        String workflowType, String workflowId, Object[] args, Invocation next) {
      AUDIT.add("start " + workflowType + " by " + CURRENT_USER.get());
      return next.proceed();
    }
  }

  static final class AuditingWorker implements WorkerInterceptor {
    @Override
    public Object interceptWorkflow(String workflowType, Object[] args, Invocation next) {
      if (!Workflow
          .isReplaying()) { // workflow code may run again on replay; audit the first run only
        AUDIT.add("run " + workflowType + " for " + CURRENT_USER.get());
      }
      return next.proceed();
    }

    @Override
    public Object interceptActivity(ActivityInfo info, Object[] args, Invocation next) {
      AUDIT.add("activity " + info.activityType() + " for " + CURRENT_USER.get());
      return next.proceed();
    }
  }

  @ActivityInterface
  public interface Mailer {
    String send(String subject);
  }

  public static final class MailerImpl implements Mailer {
    @Override
    public String send(String subject) {
      return "sent '" + subject + "' as " + CURRENT_USER.get();
    }
  }

  @WorkflowInterface
  public interface Newsletter {
    @WorkflowMethod
    String publish(String subject);
  }

  public static final class NewsletterImpl implements Newsletter {
    @Override
    public String publish(String subject) {
      return Workflow.newActivityStub(
              Mailer.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build())
          .send(subject);
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    AUDIT.clear();
    ClientOptions clientOptions =
        ClientOptions.newBuilder()
            .contextPropagators(List.of(new UserPropagator()))
            .interceptors(new AuditingClient())
            .build();
    return SampleRunner.run(
        target,
        clientOptions,
        WorkerOptions.newBuilder().interceptors(new AuditingWorker()).build(),
        worker ->
            worker
                .registerWorkflowImplementationTypes(NewsletterImpl.class)
                .registerActivitiesImplementations(new MailerImpl()),
        (client, options) -> {
          WorkflowHandle handle;
          CURRENT_USER.set(
              "ann"); // as if ann were signed in to the web app that starts the workflow
          try {
            handle = client.start(Newsletter.class, options, n -> n.publish("release notes"));
          } finally {
            CURRENT_USER.remove();
          }
          return handle.getResult(String.class) + "; audit " + AUDIT;
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
