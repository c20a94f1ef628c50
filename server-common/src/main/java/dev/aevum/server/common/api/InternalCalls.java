package dev.aevum.server.common.api;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * Calls of the internal services. A call made while serving another inherits its deadline and
 * cancellation from {@code io.grpc.Context.current()}, as every grpc-java call does.
 */
public final class InternalCalls {
  private InternalCalls() {}

  /** Starts an asynchronous unary call with its scope; {@code observer} hears the outcome. */
  public static <Q, R> void call(
      Channel channel,
      MethodDescriptor<Q, R> method,
      CallScope scope,
      Q request,
      StreamObserver<R> observer) {
    call(channel, method, scope, CallOptions.DEFAULT, request, observer);
  }

  /**
   * As {@link #call(Channel, MethodDescriptor, CallScope, Object, StreamObserver)}, with its own
   * deadline too.
   */
  public static <Q, R> void call(
      Channel channel,
      MethodDescriptor<Q, R> method,
      CallScope scope,
      long timeout,
      TimeUnit unit,
      Q request,
      StreamObserver<R> observer) {
    call(
        channel,
        method,
        scope,
        CallOptions.DEFAULT.withDeadlineAfter(timeout, unit),
        request,
        observer);
  }

  private static <Q, R> void call(
      Channel channel,
      MethodDescriptor<Q, R> method,
      CallScope scope,
      CallOptions options,
      Q request,
      StreamObserver<R> observer) {
    ClientCalls.asyncUnaryCall(scope.attachTo(channel.newCall(method, options)), request, observer);
  }
}
