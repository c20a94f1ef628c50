package dev.aevum.sdk.internal.common;

import dev.aevum.sdk.activity.ActivityInterface;
import dev.aevum.sdk.activity.ActivityMethod;
import dev.aevum.sdk.workflow.QueryMethod;
import dev.aevum.sdk.workflow.SignalMethod;
import dev.aevum.sdk.workflow.UpdateMethod;
import dev.aevum.sdk.workflow.UpdateValidatorMethod;
import dev.aevum.sdk.workflow.WorkflowInterface;
import dev.aevum.sdk.workflow.WorkflowMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Type names derived from annotated interfaces, following Temporal's Java SDK conventions. */
public final class Names {
  private Names() {}

  /** The single @WorkflowMethod of a @WorkflowInterface, or a message naming what is wrong. */
  public static Method workflowMethod(Class<?> workflowInterface) {
    if (!workflowInterface.isInterface()
        || !workflowInterface.isAnnotationPresent(WorkflowInterface.class)) {
      throw new IllegalArgumentException(
          workflowInterface.getName() + ": not an interface annotated with @WorkflowInterface");
    }
    List<Method> methods = new ArrayList<>();
    for (Method m : workflowInterface.getMethods()) {
      if (m.isAnnotationPresent(WorkflowMethod.class)) {
        methods.add(m);
      }
    }
    if (methods.size() != 1) {
      throw new IllegalArgumentException(
          workflowInterface.getName()
              + ": needs exactly one @WorkflowMethod, found "
              + methods.size());
    }
    return methods.get(0);
  }

  /**
   * As Temporal's Java SDK names it: the @WorkflowMethod's name, else the simple name of
   * the @WorkflowInterface that declares the method (or, where that one is not annotated, of the
   * nearest annotated interface below it), which for an inherited method is not {@code
   * workflowInterface} itself.
   */
  public static String workflowType(Class<?> workflowInterface) {
    Method method = workflowMethod(workflowInterface);
    String name = method.getAnnotation(WorkflowMethod.class).name();
    return name.isEmpty()
        ? namingInterface(workflowInterface, method.getDeclaringClass(), WorkflowInterface.class)
            .getSimpleName()
        : name;
  }

  /** Signal handlers of a workflow interface by signal name. */
  public static Map<String, Method> signalMethods(Class<?> workflowInterface) {
    Map<String, Method> result = new LinkedHashMap<>();
    for (Method m : workflowInterface.getMethods()) {
      SignalMethod sm = m.getAnnotation(SignalMethod.class);
      if (sm == null) {
        continue;
      }
      if (m.getReturnType() != void.class) {
        throw new IllegalArgumentException(
            workflowInterface.getName() + "." + m.getName() + ": a @SignalMethod must return void");
      }
      String name = sm.name().isEmpty() ? m.getName() : sm.name();
      if (result.putIfAbsent(name, m) != null) {
        throw new IllegalArgumentException(
            workflowInterface.getName() + ": two @SignalMethod handlers for signal " + name);
      }
    }
    return result;
  }

  /** Query handlers of a workflow interface by query type. */
  public static Map<String, Method> queryMethods(Class<?> workflowInterface) {
    Map<String, Method> result = new LinkedHashMap<>();
    for (Method m : workflowInterface.getMethods()) {
      QueryMethod qm = m.getAnnotation(QueryMethod.class);
      if (qm == null) {
        continue;
      }
      if (m.getReturnType() == void.class) {
        throw new IllegalArgumentException(
            workflowInterface.getName()
                + "."
                + m.getName()
                + ": a @QueryMethod must return a value");
      }
      String name = qm.name().isEmpty() ? m.getName() : qm.name();
      if (result.putIfAbsent(name, m) != null) {
        throw new IllegalArgumentException(
            workflowInterface.getName() + ": two @QueryMethod handlers for query " + name);
      }
    }
    return result;
  }

  /** Update handlers of a workflow interface by update name. */
  public static Map<String, Method> updateMethods(Class<?> workflowInterface) {
    Map<String, Method> result = new LinkedHashMap<>();
    for (Method m : workflowInterface.getMethods()) {
      UpdateMethod um = m.getAnnotation(UpdateMethod.class);
      if (um == null) {
        continue;
      }
      String name = um.name().isEmpty() ? m.getName() : um.name();
      if (result.putIfAbsent(name, m) != null) {
        throw new IllegalArgumentException(
            workflowInterface.getName() + ": two @UpdateMethod handlers for update " + name);
      }
    }
    return result;
  }

  /** Update validators by update name; each must return void and match its update's parameters. */
  public static Map<String, Method> updateValidators(Class<?> workflowInterface) {
    Map<String, Method> updates = updateMethods(workflowInterface);
    Map<String, Method> result = new LinkedHashMap<>();
    for (Method m : workflowInterface.getMethods()) {
      UpdateValidatorMethod vm = m.getAnnotation(UpdateValidatorMethod.class);
      if (vm == null) {
        continue;
      }
      String where = workflowInterface.getName() + "." + m.getName();
      Method update = updates.get(vm.updateName());
      if (update == null) {
        throw new IllegalArgumentException(
            where
                + ": validates unknown update "
                + vm.updateName()
                + "; updates: "
                + updates.keySet());
      }
      if (m.getReturnType() != void.class) {
        throw new IllegalArgumentException(where + ": an @UpdateValidatorMethod must return void");
      }
      if (!Arrays.equals(m.getParameterTypes(), update.getParameterTypes())) {
        throw new IllegalArgumentException(
            where + ": parameters must match those of update " + vm.updateName());
      }
      if (result.putIfAbsent(vm.updateName(), m) != null) {
        throw new IllegalArgumentException(
            workflowInterface.getName() + ": two validators for update " + vm.updateName());
      }
    }
    return result;
  }

  /**
   * The activity type of {@code method} of {@code activityInterface}, by Temporal's Java SDK rules:
   * a non-empty {@code @ActivityMethod(name)} as it is, with no prefix; otherwise the method's name
   * with its first letter capitalized, after the {@code namePrefix} of the
   * {@code @ActivityInterface} that declares the method, or, where that interface is not annotated,
   * of the annotated interface nearest below it on the way from {@code activityInterface}.
   */
  public static String activityType(Class<?> activityInterface, Method method) {
    if (activityInterface.getAnnotation(ActivityInterface.class) == null) {
      throw new IllegalArgumentException(
          activityInterface.getName() + ": not annotated with @ActivityInterface");
    }
    ActivityMethod am = method.getAnnotation(ActivityMethod.class);
    if (am != null && !am.name().isEmpty()) {
      return am.name();
    }
    String n = method.getName();
    return namingInterface(activityInterface, method.getDeclaringClass(), ActivityInterface.class)
            .getAnnotation(ActivityInterface.class)
            .namePrefix()
        + n.substring(0, 1).toUpperCase(Locale.ROOT)
        + n.substring(1);
  }

  /**
   * Whether {@code method} of an activity interface is an activity: static and synthetic methods
   * are not.
   */
  public static boolean isActivityMethod(Method method) {
    if (Modifier.isStatic(method.getModifiers())) {
      if (method.isAnnotationPresent(ActivityMethod.class)) {
        throw new IllegalArgumentException(method + ": an @ActivityMethod cannot be static");
      }
      return false;
    }
    return method.isAnnotationPresent(ActivityMethod.class) || !method.isSynthetic();
  }

  /**
   * The interface whose annotation names methods declared in {@code declaring}: {@code declaring}
   * itself where it carries {@code annotation}, else the interface of {@code top}'s hierarchy
   * carrying it that extends {@code declaring} most directly (Temporal hands the methods of an
   * unannotated interface down to its nearest annotated child).
   */
  private static Class<?> namingInterface(
      Class<?> top, Class<?> declaring, Class<? extends Annotation> annotation) {
    if (declaring.isAnnotationPresent(annotation)) {
      return declaring;
    }
    List<Class<?>> candidates = new ArrayList<>();
    collectAnnotatedBelow(top, declaring, annotation, candidates);
    for (Class<?> candidate : candidates) {
      boolean nearest =
          candidates.stream()
              .noneMatch(other -> other != candidate && other.isAssignableFrom(candidate));
      if (nearest) {
        return candidate;
      }
    }
    return top;
  }

  private static void collectAnnotatedBelow(
      Class<?> current,
      Class<?> declaring,
      Class<? extends Annotation> annotation,
      List<Class<?>> into) {
    if (current == declaring || !declaring.isAssignableFrom(current)) {
      return;
    }
    if (current.isAnnotationPresent(annotation) && !into.contains(current)) {
      into.add(current);
    }
    for (Class<?> parent : current.getInterfaces()) {
      collectAnnotatedBelow(parent, declaring, annotation, into);
    }
  }
}
