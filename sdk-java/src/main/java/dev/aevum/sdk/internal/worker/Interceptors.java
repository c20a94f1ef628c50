package dev.aevum.sdk.internal.worker;

import dev.aevum.sdk.activity.ActivityInfo;
import dev.aevum.sdk.worker.WorkerInterceptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Builds interceptor chains around reflective calls; the method's own exceptions pass unchanged.
 */
final class Interceptors {
  private Interceptors() {}

  static Object activity(
      List<WorkerInterceptor> interceptors,
      ActivityInfo info,
      Object target,
      Method method,
      Object[] args) {
    return activity(interceptors, 0, info, target, method, args);
  }

  private static Object activity(
      List<WorkerInterceptor> interceptors,
      int index,
      ActivityInfo info,
      Object target,
      Method method,
      Object[] args) {
    if (index == interceptors.size()) {
      return invoke(target, method, args);
    }
    return interceptors
        .get(index)
        .interceptActivity(
            info, args, () -> activity(interceptors, index + 1, info, target, method, args));
  }

  static Object workflow(
      List<WorkerInterceptor> interceptors,
      String type,
      Object target,
      Method method,
      Object[] args) {
    return workflow(interceptors, 0, type, target, method, args);
  }

  private static Object workflow(
      List<WorkerInterceptor> interceptors,
      int index,
      String type,
      Object target,
      Method method,
      Object[] args) {
    if (index == interceptors.size()) {
      return invoke(target, method, args);
    }
    return interceptors
        .get(index)
        .interceptWorkflow(
            type, args, () -> workflow(interceptors, index + 1, type, target, method, args));
  }

  private static Object invoke(Object target, Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw Interceptors.<RuntimeException>sneaky(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method, e);
    }
  }

  /**
   * Rethrows the method's own exception, checked or not, so interceptors and handlers see it as is.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
