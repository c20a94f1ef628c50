package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.internal.common.Names;
import dev.aevum.sdk.workflow.ChildWorkflowOptions;
import dev.aevum.sdk.workflow.Promise;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Builds child workflow stubs whose workflow method starts the child and waits for its result. */
public final class ChildWorkflowStubs {
  private ChildWorkflowStubs() {}

  public static <T> T newStub(Class<T> workflowInterface, ChildWorkflowOptions options) {
    Method workflowMethod = Names.workflowMethod(workflowInterface);
    String type = Names.workflowType(workflowInterface);
    Handler handler = new Handler(workflowInterface, workflowMethod, type, options);
    return workflowInterface.cast(
        Proxy.newProxyInstance(workflowInterface.getClassLoader(), new Class<?>[] {workflowInterface}, handler));
  }

  /** The promise of the child's run id, completed once the server has started the child. */
  public static Promise<String> started(Object stub) {
    if (stub == null || !Proxy.isProxyClass(stub.getClass()) || !(Proxy.getInvocationHandler(stub) instanceof Handler h)) {
      throw new IllegalArgumentException("childStub: not a stub made by Workflow.newChildWorkflowStub");
    }
    return h.started;
  }

  private static final class Handler implements InvocationHandler {
    private final Class<?> iface;
    private final Method workflowMethod;
    private final String type;
    private final ChildWorkflowOptions options;
    private final PromiseImpl<String> started = new PromiseImpl<>();
    private boolean used;

    Handler(Class<?> iface, Method workflowMethod, String type, ChildWorkflowOptions options) {
      this.iface = iface;
      this.workflowMethod = workflowMethod;
      this.type = type;
      this.options = options;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) {
      if (method.getDeclaringClass() == Object.class) {
        return ActivityStubs.objectMethod(self, method, args, iface);
      }
      if (!method.equals(workflowMethod)) {
        throw new UnsupportedOperationException(
            iface.getSimpleName() + "." + method.getName() + ": only the @WorkflowMethod can be called on a child workflow stub");
      }
      if (used) {
        throw new IllegalStateException("a child workflow stub starts one child; create a new stub for " + type);
      }
      used = true;
      return WorkflowContext.current()
          .executeChildWorkflow(
              type, options, args == null ? new Object[0] : args, method.getReturnType(), method.getGenericReturnType(), started);
    }
  }
}
