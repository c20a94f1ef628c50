package dev.aevum.sdk.samples;

import dev.aevum.sdk.workflow.Async;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.Promise;
import dev.aevum.sdk.workflow.Workflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;

/** A parent fans out to two child workflows and joins their results. */
public final class ChildWorkflowSample {
  @WorkflowInterface
  public interface Translate {
    @WorkflowMethod
    String translate(String word, String language);
  }

  public static final class TranslateImpl implements Translate {
    @Override
    public String translate(String word, String language) {
      return language.equals("fr") ? "bonjour" : "hola";
    }
  }

  @WorkflowInterface
  public interface Greetings {
    @WorkflowMethod
    String greet(String word);
  }

  public static final class GreetingsImpl implements Greetings {
    @Override
    public String greet(String word) {
      Translate french =
          Workflow.newChildWorkflowStub(Translate.class, ChildWorkflowOptions.defaults());
      Translate spanish =
          Workflow.newChildWorkflowStub(Translate.class, ChildWorkflowOptions.defaults());
      Promise<String> fr = Async.function(french::translate, word, "fr");
      Promise<String> es = Async.function(spanish::translate, word, "es");
      return fr.get() + ", " + es.get();
    }
  }

  /** Runs the sample against the server at {@code target} and returns what it printed. */
  public static String run(String target) {
    return SampleRunner.run(
        target,
        worker ->
            worker.registerWorkflowImplementationTypes(GreetingsImpl.class, TranslateImpl.class),
        (client, options) -> client.newWorkflowStub(Greetings.class, options).greet("hello"));
  }

  public static void main(String[] args) {
    System.out.println(run(SampleRunner.target(args)));
  }
}
