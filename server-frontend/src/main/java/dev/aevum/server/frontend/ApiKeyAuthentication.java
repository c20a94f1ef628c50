package dev.aevum.server.frontend;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Lets a call through only with {@code authorization: Bearer <key>} naming one of the configured
 * API keys, as Temporal Cloud's API keys and the SDKs' {@code apiKey} option send it. The gRPC
 * health service stays open, so load balancers and container health checks need no key.
 */
public final class ApiKeyAuthentication implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final List<byte[]> keys;

  private ApiKeyAuthentication(List<byte[]> keys) {
    this.keys = keys;
  }

  /**
   * @param keys the accepted keys; at least one, none empty
   */
  public static ApiKeyAuthentication of(List<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys: at least one API key is needed");
    }
    for (String key : keys) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("keys: an API key must not be empty");
      }
    }
    return new ApiKeyAuthentication(
        keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    if (header == null) {
      return refuse(
          call,
          "Request unauthenticated: send an API key in the authorization header (Bearer <key>).");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !known(header.substring(BEARER.length()).trim())) {
      return refuse(call, "Request unauthenticated: the API key is not valid.");
    }
    return next.startCall(call, headers);
  }

  /** Compares against every key in constant time, so timing does not reveal a key's prefix. */
  private boolean known(String presented) {
    byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] key : keys) {
      match |= MessageDigest.isEqual(key, candidate);
    }
    return match;
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
