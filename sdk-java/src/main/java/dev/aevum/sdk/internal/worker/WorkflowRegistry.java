package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.converter.EncodedValues;
import dev.aevum.sdk.internal.common.Names;
import dev.aevum.sdk.internal.replay.WorkflowEntryPoint;
import dev.aevum.sdk.worker.WorkerInterceptor;
import dev.aevum.sdk.workflow.DynamicWorkflow;
import dev.aevum.sdk.workflow.WorkflowInterface;
import io.temporal.api.common.v1.Payloads;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Workflow implementation classes by workflow type name. */
public final class WorkflowRegistry {
  private final Map<String, Registration> byType = new LinkedHashMap<>();

  private record Registration(
      Constructor<?> constructor,
      Method method,
      Map<String, Method> signals,
      Map<String, Method> queries,
      Map<String, Method> updates,
      Map<String, Method> validators) {}

  private Constructor<?> dynamic;
  private List<WorkerInterceptor> interceptors = List.of();

  /** Interceptors around workflow methods of executions created from now on. */
  public void useInterceptors(List<WorkerInterceptor> value) {
    this.interceptors = List.copyOf(value);
  }

  public List<WorkerInterceptor> interceptors() {
    return interceptors;
  }

  public void register(Class<?> implementation) {
    if (implementation.isInterface()) {
      throw new IllegalArgumentException(
          implementation.getName() + ": register the implementation class, not the interface");
    }
    boolean found = false;
    if (DynamicWorkflow.class.isAssignableFrom(implementation)) {
      if (dynamic != null) {
        throw new IllegalArgumentException(
            "a DynamicWorkflow is already registered: " + dynamic.getDeclaringClass().getName());
      }
      dynamic = noArgConstructor(implementation);
      found = true;
    }
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
        throw new IllegalArgumentException(
            implementation.getName() + ": needs a no-argument constructor", e);
      }
      Registration previous =
          byType.putIfAbsent(
              type,
              new Registration(
                  constructor,
                  Names.workflowMethod(iface),
                  Names.signalMethods(iface),
                  Names.queryMethods(iface),
                  Names.updateMethods(iface),
                  Names.updateValidators(iface)));
      if (previous != null) {
        throw new IllegalArgumentException(
            "workflow type "
                + type
                + " is already registered by "
                + previous.constructor().getDeclaringClass().getName());
      }
    }
    if (!found) {
      throw new IllegalArgumentException(
          implementation.getName()
              + ": implements no @WorkflowInterface and is no DynamicWorkflow");
    }
  }

  public Set<String> types() {
    return byType.keySet();
  }

  public boolean isEmpty() {
    return byType.isEmpty() && dynamic == null;
  }

  private static Constructor<?> noArgConstructor(Class<?> implementation) {
    try {
      Constructor<?> constructor = implementation.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor;
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          implementation.getName() + ": needs a no-argument constructor", e);
    }
  }

  /** Runs a DynamicWorkflow for a type no registered class implements. */
  private static final class DynamicEntryPoint implements WorkflowEntryPoint {
    private final Constructor<?> constructor;
    private final DataConverter converter;

    DynamicEntryPoint(Constructor<?> constructor, DataConverter converter) {
      this.constructor = constructor;
      this.converter = converter;
    }

    @Override
    public Optional<Payloads> run(Optional<Payloads> input) {
      DynamicWorkflow instance;
      try {
        instance = (DynamicWorkflow) constructor.newInstance();
      } catch (InvocationTargetException e) {
        throw Reflection.rethrow(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create workflow object " + constructor, e);
      }
      Object result = instance.execute(new EncodedValues(input, converter));
      return Optional.of(converter.toPayloads(new Object[] {result}));
    }
  }

  /** An entry point for one execution of {@code type}, or empty if the type is unknown. */
  public Optional<WorkflowEntryPoint> entryPoint(String type, DataConverter converter) {
    Registration r = byType.get(type);
    if (r == null) {
      return dynamic == null
          ? Optional.empty()
          : Optional.of(new DynamicEntryPoint(dynamic, converter));
    }
    return Optional.of(new ReflectiveWorkflow(r, converter, type, interceptors));
  }

  /** Holds the workflow object of one execution, created on the root workflow thread. */
  private static final class ReflectiveWorkflow implements WorkflowEntryPoint {
    private final Registration registration;
    private final DataConverter converter;
    private Object instance;

    private final String type;
    private final List<WorkerInterceptor> interceptors;

    ReflectiveWorkflow(
        Registration registration,
        DataConverter converter,
        String type,
        List<WorkerInterceptor> interceptors) {
      this.type = type;
      this.interceptors = interceptors;
      this.registration = registration;
      this.converter = converter;
    }

    @Override
    public Optional<Payloads> run(Optional<Payloads> input) {
      Method method = registration.method();
      Object[] args =
          converter.fromPayloads(
              input, method.getParameterTypes(), method.getGenericParameterTypes());
      try {
        instance = registration.constructor().newInstance();
      } catch (InvocationTargetException e) {
        throw Reflection.rethrow(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "cannot create workflow object " + registration.constructor(), e);
      }
      Object result;
      try {
        result = Interceptors.workflow(interceptors, type, instance, method, args);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(
            "workflow method " + method.getName() + " threw a checked exception", e);
      }
      return method.getReturnType() == void.class
          ? Optional.empty()
          : Optional.of(converter.toPayloads(result));
    }

    @Override
    public Optional<Handler> signalHandler(String name) {
      Method handler = registration.signals().get(name);
      return handler == null || instance == null
          ? Optional.empty()
          : Optional.of(bound(handler, handler, false));
    }

    @Override
    public Optional<Handler> queryHandler(String name) {
      return Optional.ofNullable(registration.queries().get(name)).map(m -> bound(m, m, false));
    }

    @Override
    public Optional<Handler> updateHandler(String name) {
      return Optional.ofNullable(registration.updates().get(name)).map(m -> bound(m, m, false));
    }

    @Override
    public Optional<Handler> updateValidator(String name) {
      Method handler = registration.updates().get(name);
      if (handler == null) {
        return Optional.empty();
      }
      Method validator = registration.validators().get(name);
      // Without a validator, the handler's parameter types decode the arguments interceptors see.
      return Optional.of(
          validator == null ? bound(handler, null, true) : bound(validator, validator, true));
    }

    @Override
    public Set<String> queryTypes() {
      return registration.queries().keySet();
    }

    @Override
    public Set<String> updateNames() {
      return registration.updates().keySet();
    }

    /**
     * {@code signature} decodes the arguments; {@code target} (absent: nothing) is called with
     * them.
     */
    private Handler bound(Method signature, Method target, boolean validation) {
      return new Handler() {
        @Override
        public Object[] decode(Optional<Payloads> input) {
          return converter.fromPayloads(
              input, signature.getParameterTypes(), signature.getGenericParameterTypes());
        }

        @Override
        public Object call(Object[] args) {
          if (instance == null) {
            throw new IllegalStateException(
                "the workflow has not started running yet; "
                    + (validation
                        ? "the update cannot be accepted"
                        : signature.getName() + " cannot run"));
          }
          return target == null ? null : ReflectiveWorkflow.this.call(target, args);
        }

        @Override
        public Optional<Payloads> encode(Object result) {
          return target == null || target.getReturnType() == void.class
              ? Optional.empty()
              : Optional.of(converter.toPayloads(result));
        }
      };
    }

    private Object call(Method method, Object[] args) {
      try {
        return method.invoke(instance, args);
      } catch (InvocationTargetException e) {
        throw Reflection.rethrow(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot call workflow method " + method, e);
      }
    }
  }
}
