package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.DynamicActivity;
import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.converter.EncodedValues;
import dev.aevum.sdk.internal.common.Names;
import io.temporal.api.common.v1.Payloads;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Activity implementations by activity type name. */
final class ActivityRegistry {
  private final Map<String, Registration> byType = new LinkedHashMap<>();

  private Registration dynamic;

  record Registration(Object target, Method method) {
    boolean isDynamic() {
      return method.getDeclaringClass() == DynamicActivity.class;
    }

    /**
     * The method's arguments: decoded by parameter types, or left encoded for a dynamic activity.
     */
    Object[] arguments(Optional<Payloads> input, DataConverter converter) {
      if (isDynamic()) {
        return new Object[] {new EncodedValues(input, converter)};
      }
      return converter.fromPayloads(
          input, method.getParameterTypes(), method.getGenericParameterTypes());
    }
  }

  void register(Object implementation) {
    boolean found = false;
    if (implementation instanceof DynamicActivity) {
      if (dynamic != null) {
        throw new IllegalArgumentException(
            "a DynamicActivity is already registered: " + dynamic.target().getClass().getName());
      }
      try {
        dynamic =
            new Registration(
                implementation, DynamicActivity.class.getMethod("execute", EncodedValues.class));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
      found = true;
    }
    for (Class<?> iface : implementation.getClass().getInterfaces()) {
      if (!iface.isAnnotationPresent(ActivityInterface.class)) {
        continue;
      }
      found = true;
      for (Method method : iface.getMethods()) {
        if (!Names.isActivityMethod(method)) {
          continue;
        }
        String type = Names.activityType(iface, method);
        Registration before = byType.putIfAbsent(type, new Registration(implementation, method));
        // The same method reached through two of the implementation's interfaces is one activity.
        if (before != null
            && !(before.target() == implementation && before.method().equals(method))) {
          throw new IllegalArgumentException("activity type " + type + " is already registered");
        }
      }
    }
    if (!found) {
      throw new IllegalArgumentException(
          implementation.getClass().getName()
              + ": implements no @ActivityInterface and is no DynamicActivity");
    }
  }

  Optional<Registration> get(String type) {
    Registration registration = byType.get(type);
    return Optional.ofNullable(registration != null ? registration : dynamic);
  }

  boolean isEmpty() {
    return byType.isEmpty() && dynamic == null;
  }

  Set<String> types() {
    return byType.keySet();
  }
}
