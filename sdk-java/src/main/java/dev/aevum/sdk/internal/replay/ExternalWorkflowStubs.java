package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.internal.common.Names;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds stubs whose signal methods signal another running workflow. */
public final class ExternalWorkflowStubs {
  private ExternalWorkflowStubs() {}

  public static <T> T newStub(Class<T> workflowInterface, String workflowId, String runId) {
    Map<String, Method> signals = Names.signalMethods(workflowInterface);
    Object proxy =
        Proxy.newProxyInstance(
            workflowInterface.getClassLoader(),
            new Class<?>[] {workflowInterface},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return ActivityStubs.objectMethod(self, method, args, workflowInterface);
              }
              String signal =
                  signals.entrySet().stream()
                      .filter(e -> e.getValue().equals(method))
                      .map(Map.Entry::getKey)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new UnsupportedOperationException(
                                  workflowInterface.getSimpleName()
                                      + "."
                                      + method.getName()
                                      + ": only signal methods can be called on an external workflow stub"));
              WorkflowContext.current()
                  .signalExternal(
                      workflowId, runId, false, signal, args == null ? new Object[0] : args);
              return null;
            });
    return workflowInterface.cast(proxy);
  }
}
