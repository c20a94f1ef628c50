package dev.aevum.sdk.internal.common;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Map;

/** Adds fixed headers (API key, user metadata, client identification) to every call. */
public final class HeadersInterceptor implements ClientInterceptor {
  private final Metadata extra = new Metadata();

  public HeadersInterceptor(Map<String, String> headers) {
    headers.forEach((k, v) -> extra.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.merge(extra);
        super.start(listener, headers);
      }
    };
  }
}
