package dev.aevum.sdk;

import java.util.List;

/** Builds the chain of client interceptors around one call, the first registered outermost. */
final class ClientInterceptorChain {
  private ClientInterceptorChain() {}

  @FunctionalInterface
  interface Step {
    Object apply(ClientInterceptor interceptor, ClientInterceptor.Invocation next);
  }

  static Object run(
      List<ClientInterceptor> interceptors, Step step, ClientInterceptor.Invocation call) {
    ClientInterceptor.Invocation next = call;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      ClientInterceptor interceptor = interceptors.get(i);
      ClientInterceptor.Invocation inner = next;
      next = () -> step.apply(interceptor, inner);
    }
    return next.proceed();
  }
}
