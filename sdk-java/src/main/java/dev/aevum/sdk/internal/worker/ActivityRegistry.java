package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.internal.common.Names;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Activity implementations by activity type name. */
final class ActivityRegistry {
  private final Map<String, Registration> byType = new LinkedHashMap<>();

  record Registration(Object target, Method method) {}

  void register(Object implementation) {
    boolean found = false;
    for (Class<?> iface : implementation.getClass().getInterfaces()) {
      if (!iface.isAnnotationPresent(ActivityInterface.class)) {
        continue;
      }
      found = true;
      for (Method method : iface.getMethods()) {
        String type = Names.activityType(iface, method);
        if (byType.putIfAbsent(type, new Registration(implementation, method)) != null) {
          throw new IllegalArgumentException("activity type " + type + " is already registered");
        }
      }
    }
    if (!found) {
      throw new IllegalArgumentException(implementation.getClass().getName() + ": implements no @ActivityInterface");
    }
  }

  Optional<Registration> get(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  Set<String> types() {
    return byType.keySet();
  }
}
