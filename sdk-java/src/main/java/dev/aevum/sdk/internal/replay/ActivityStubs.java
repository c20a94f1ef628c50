package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.ActivityOptions;
import dev.aevum.sdk.internal.common.Names;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Builds activity stubs whose calls become ScheduleActivityTask commands. */
public final class ActivityStubs {
  private ActivityStubs() {}

  public static <T> T newStub(Class<T> activityInterface, ActivityOptions options) {
    for (Method m : activityInterface.getMethods()) {
      Names.activityType(activityInterface, m); // validates the interface eagerly
    }
    Object proxy =
        Proxy.newProxyInstance(
            activityInterface.getClassLoader(),
            new Class<?>[] {activityInterface},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, method, args, activityInterface);
              }
              String type = Names.activityType(activityInterface, method);
              return WorkflowContext.current()
                  .executeActivity(
                      type,
                      options,
                      args == null ? new Object[0] : args,
                      method.getReturnType(),
                      method.getGenericReturnType());
            });
    return activityInterface.cast(proxy);
  }

  static Object objectMethod(Object self, Method method, Object[] args, Class<?> iface) {
    return switch (method.getName()) {
      case "equals" -> self == args[0];
      case "hashCode" -> System.identityHashCode(self);
      default -> "ActivityStub[" + iface.getSimpleName() + "]";
    };
  }
}
