package dev.aevum.sdk.samples;

import dev.aevum.sdk.WorkflowHandle;
import dev.aevum.sdk.activity.Activity;
import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.activity.DynamicActivity;
import dev.aevum.sdk.converter.EncodedValues;
import dev.aevum.sdk.workflow.DynamicWorkflow;
import dev.aevum.sdk.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic workflows and handlers, for names known only at run time (processes defined in a
 * database, say). One {@code DynamicWorkflow} class runs every workflow type, a dynamic signal
 * handler takes every signal name as a step, a dynamic query handler answers any query, and one
 * {@code DynamicActivity} serves every activity type.
 */
public final class DynamicSample {
  /** Describes the activity call only; no worker registers an implementation of it. */
  @ActivityInterface
  public interface Steps {
    String archive(String summary);
  }

  public static final class AnyActivity implements DynamicActivity {
    @Override
    public Object execute(EncodedValues args) {
      return Activity.getExecutionContext().info().activityType()
          + "("
          + args.get(0, String.class)
          + ")";
    }
  }

  public static final class AnyProcess implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      String process = Workflow.getInfo().workflowType();
      String subject = args.get(0, String.class);
      List<String> steps = new ArrayList<>();
      Workflow.registerDynamicSignalHandler((name, values) -> steps.add(name));
      Workflow.registerDynamicQueryHandler(
          (name, values) -> name + " of " + process + ": " + steps);
      Workflow.await(() -> steps.contains("done"));
      Steps activities =
          Workflow.newActivityStub(
              Steps.class,
              ActivityOptions.newBuilder().startToCloseTimeout(Duration.ofSeconds(10)).build());
      return activities.archive(process + " of " + subject + " " + steps);
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker ->
            worker
                .registerWorkflowImplementationTypes(AnyProcess.class)
                .registerActivitiesImplementations(new AnyActivity()),
        (client, options) -> {
          WorkflowHandle onboarding = client.start("Onboarding", options, "ann");
          WorkflowHandle offboarding =
              client.start("Offboarding", SampleRunner.options(options.taskQueue()), "bob");
          onboarding.signal("createAccount");
          onboarding.signal("orderLaptop");
          offboarding.signal("revokeAccess");
          String[] progress = new String[1];
          SampleRunner.waitUntil(
              "onboarding has two steps",
              () -> {
                progress[0] = onboarding.query("progress", String.class);
                return progress[0].contains("orderLaptop");
              });
          onboarding.signal("done");
          offboarding.signal("done");
          return progress[0]
              + "; "
              + onboarding.getResult(String.class)
              + "; "
              + offboarding.getResult(String.class);
        });
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
