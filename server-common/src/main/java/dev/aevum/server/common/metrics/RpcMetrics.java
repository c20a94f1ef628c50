package dev.aevum.server.common.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times every call of the services it wraps, by method and gRPC status: {@code
 * aevum_rpc_requests_seconds{service, method, status}} (a timer, so it also counts). Long polls are
 * included; their time is how long they waited.
 */
public final class RpcMetrics implements ServerInterceptor {
  static final String NAME = "aevum.rpc.requests";

  private final MeterRegistry registry;

  public RpcMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String service = call.getMethodDescriptor().getServiceName();
    String method = call.getMethodDescriptor().getBareMethodName();
    ServerCall<Q, R> timed =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            Timer.builder(NAME)
                .description("Public gRPC calls by method and status")
                .tag("service", service == null ? "" : service)
                .tag("method", method == null ? "" : method)
                .tag("status", status.getCode().name())
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            super.close(status, trailers);
          }
        };
    return next.startCall(timed, headers);
  }
}
