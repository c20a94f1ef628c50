package dev.aevum.sdk.internal.replay;

import dev.aevum.sdk.activity.LocalActivityOptions;
import dev.aevum.sdk.internal.common.Names;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Builds local activity stubs; calls run in the worker and are recorded as LocalActivity markers.
 */
public final class LocalActivityStubs {
  private LocalActivityStubs() {}

  public static <T> T newStub(Class<T> activityInterface, LocalActivityOptions options) {
    for (Method m : activityInterface.getMethods()) {
      Names.activityType(activityInterface, m); // validates the interface eagerly
    }
    Object proxy =
        Proxy.newProxyInstance(
            activityInterface.getClassLoader(),
            new Class<?>[] {activityInterface},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return ActivityStubs.objectMethod(self, method, args, activityInterface);
              }
              return WorkflowContext.current()
                  .executeLocalActivity(
                      Names.activityType(activityInterface, method),
                      options,
                      args == null ? new Object[0] : args,
                      method.getReturnType(),
                      method.getGenericReturnType());
            });
    return activityInterface.cast(proxy);
  }
}
