package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.internal.common.Names;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.Promise;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds child workflow stubs: the workflow method starts the child and waits for its result;
 * signal methods signal the started child.
 */
public final class ChildWorkflowStubs {
  private ChildWorkflowStubs() {}

  public static <T> T newStub(Class<T> workflowInterface, ChildWorkflowOptions options) {
    Method workflowMethod = Names.workflowMethod(workflowInterface);
    String type = Names.workflowType(workflowInterface);
    Handler handler = new Handler(workflowInterface, workflowMethod, type, options);
    return workflowInterface.cast(
        Proxy.newProxyInstance(
            workflowInterface.getClassLoader(), new Class<?>[] {workflowInterface}, handler));
  }

  /** The promise of the child's run id, completed once the server has started the child. */
  public static Promise<String> started(Object stub) {
    if (stub == null
        || !Proxy.isProxyClass(stub.getClass())
        || !(Proxy.getInvocationHandler(stub) instanceof Handler h)) {
      throw new IllegalArgumentException(
          "childStub: not a stub made by Workflow.newChildWorkflowStub");
    }
    return h.started;
  }

  private static final class Handler implements InvocationHandler {
    private final Class<?> iface;
    private final Method workflowMethod;
    private final String type;
    private final ChildWorkflowOptions options;
    private final Map<String, Method> signals;
    private final PromiseImpl<String> started = new PromiseImpl<>();
    private String workflowId;

    Handler(Class<?> iface, Method workflowMethod, String type, ChildWorkflowOptions options) {
      this.iface = iface;
      this.workflowMethod = workflowMethod;
      this.type = type;
      this.options = options;
      this.signals = Names.signalMethods(iface);
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) {
      if (method.getDeclaringClass() == Object.class) {
        return ActivityStubs.objectMethod(self, method, args, iface);
      }
      Object[] arguments = args == null ? new Object[0] : args;
      if (method.equals(workflowMethod)) {
        if (workflowId != null) {
          throw new IllegalStateException(
              "a child workflow stub starts one child; create a new stub for " + type);
        }
        WorkflowContext context = WorkflowContext.current();
        workflowId = options.workflowId().orElseGet(context::newChildWorkflowId);
        return context.executeChildWorkflow(
            type,
            options,
            arguments,
            method.getReturnType(),
            method.getGenericReturnType(),
            workflowId,
            started);
      }
      String signal =
          signals.entrySet().stream()
              .filter(e -> e.getValue().equals(method))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow(
                  () ->
                      new UnsupportedOperationException(
                          iface.getSimpleName()
                              + "."
                              + method.getName()
                              + ": only the workflow method and signal methods can be called on a child workflow stub"));
      // A child can be signaled once it runs; its start may still be pending on an Async thread.
      DeterministicScheduler.yieldUntil(
          () -> workflowId != null, "signal " + signal + " waits for the child to be started");
      String runId = started.get();
      WorkflowContext.current().signalExternal(workflowId, runId, true, signal, arguments);
      return null;
    }
  }
}
