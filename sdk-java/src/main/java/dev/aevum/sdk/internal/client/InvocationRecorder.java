package dev.aevum.sdk.internal.client;

import dev.aevum.sdk.internal.common.Names;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/** Captures which workflow method a lambda calls, and with what arguments, without running it. */
public final class InvocationRecorder {
  private InvocationRecorder() {}

  public record Invocation(Method method, Object[] args) {}

  /** Records a call of the interface's @WorkflowMethod. */
  public static <T> Invocation record(Class<T> workflowInterface, Consumer<T> call) {
    Method workflowMethod = Names.workflowMethod(workflowInterface);
    Invocation invocation = recordAny(workflowInterface, call);
    if (!invocation.method().equals(workflowMethod)) {
      throw new IllegalArgumentException(
          "call: expected the @WorkflowMethod "
              + workflowMethod.getName()
              + ", got "
              + invocation.method().getName());
    }
    return invocation;
  }

  /** Records the single interface method that {@code call} invokes. */
  public static <T> Invocation recordAny(Class<T> workflowInterface, Consumer<T> call) {
    Invocation[] captured = new Invocation[1];
    Object proxy =
        Proxy.newProxyInstance(
            workflowInterface.getClassLoader(),
            new Class<?>[] {workflowInterface},
            (self, method, args) -> {
              if (captured[0] != null) {
                throw new IllegalArgumentException(
                    "call: the lambda must call exactly one interface method");
              }
              captured[0] = new Invocation(method, args == null ? new Object[0] : args);
              return defaultValue(method.getReturnType());
            });
    call.accept(workflowInterface.cast(proxy));
    if (captured[0] == null) {
      throw new IllegalArgumentException(
          "call: the lambda must call a method of " + workflowInterface.getSimpleName());
    }
    return captured[0];
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == float.class) {
      return 0f;
    }
    if (type == double.class) {
      return 0d;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    return 0;
  }
}
