package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.internal.common.Names;
import dev.aevum.sdk.internal.replay.WorkflowEntryPoint;
import dev.aevum.sdk.workflow.WorkflowInterface;
import io.temporal.api.common.v1.Payloads;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Workflow implementation classes by workflow type name. */
public final class WorkflowRegistry {
  private final Map<String, Registration> byType = new LinkedHashMap<>();

  private record Registration(Constructor<?> constructor, Method method) {}

  public void register(Class<?> implementation) {
    if (implementation.isInterface()) {
      throw new IllegalArgumentException(implementation.getName() + ": register the implementation class, not the interface");
    }
    boolean found = false;
    for (Class<?> iface : implementation.getInterfaces()) {
      if (!iface.isAnnotationPresent(WorkflowInterface.class)) {
        continue;
      }
      found = true;
      String type = Names.workflowType(iface);
      Constructor<?> constructor;
      try {
        constructor = implementation.getDeclaredConstructor();
        constructor.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(implementation.getName() + ": needs a no-argument constructor", e);
      }
      Registration previous = byType.putIfAbsent(type, new Registration(constructor, Names.workflowMethod(iface)));
      if (previous != null) {
        throw new IllegalArgumentException("workflow type " + type + " is already registered by "
            + previous.constructor().getDeclaringClass().getName());
      }
    }
    if (!found) {
      throw new IllegalArgumentException(implementation.getName() + ": implements no @WorkflowInterface");
    }
  }

  public Set<String> types() {
    return byType.keySet();
  }

  /** An entry point for one execution of {@code type}, or empty if the type is unknown. */
  public Optional<WorkflowEntryPoint> entryPoint(String type, DataConverter converter) {
    Registration r = byType.get(type);
    if (r == null) {
      return Optional.empty();
    }
    return Optional.of(input -> invoke(r, input, converter));
  }

  private static Optional<Payloads> invoke(Registration r, Optional<Payloads> input, DataConverter converter) {
    Method method = r.method();
    Object[] args = converter.fromPayloads(input, method.getParameterTypes(), method.getGenericParameterTypes());
    try {
      Object instance = r.constructor().newInstance();
      Object result = method.invoke(instance, args);
      return method.getReturnType() == void.class ? Optional.empty() : Optional.of(converter.toPayloads(result));
    } catch (InvocationTargetException e) {
      throw Reflection.rethrow(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot run workflow method " + method, e);
    }
  }
}
