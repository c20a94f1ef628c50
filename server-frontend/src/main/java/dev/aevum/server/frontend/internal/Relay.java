package dev.aevum.server.frontend.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.aevum.server.common.Rpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/**
 * Completes a public caller from an internal call's callback, so no thread waits for history or
 * matching. Every outcome goes through {@link Rpc}.
 */
final class Relay {
  private Relay() {}

  /**
   * Runs the start of an asynchronous call; a failure before the internal call is sent completes
   * the caller.
   */
  static void start(StreamObserver<?> caller, Runnable body) {
    if (caller instanceof ServerCallStreamObserver<?> serverObserver) {
      // A caller that went away must not make the late answer throw.
      serverObserver.setOnCancelHandler(() -> {});
    }
    try {
      body.run();
    } catch (Throwable t) {
      Rpc.fail(caller, t);
    }
  }

  /** An observer of an internal call whose answer the caller gets as {@code map} makes it. */
  static <I, R> StreamObserver<I> mapping(Function<I, R> map, StreamObserver<R> caller) {
    return new StreamObserver<>() {
      private I response;

      @Override
      public void onNext(I value) {
        response = value;
      }

      @Override
      public void onError(Throwable t) {
        Rpc.fail(caller, t);
      }

      @Override
      public void onCompleted() {
        Rpc.unary(caller, () -> map.apply(response));
      }
    };
  }

  /**
   * An observer of an internal call answering with serialized public response bytes: parses them
   * with {@code parser}, maps the result and completes {@code caller}.
   *
   * @param bytes extracts the public response bytes from the internal response
   */
  static <I, T, R> StreamObserver<I> parsing(
      Function<I, ByteString> bytes,
      Parser<T> parser,
      Function<T, R> map,
      StreamObserver<R> caller) {
    return new StreamObserver<>() {
      private I response;

      @Override
      public void onNext(I value) {
        response = value;
      }

      @Override
      public void onError(Throwable t) {
        Rpc.fail(caller, t);
      }

      @Override
      public void onCompleted() {
        Rpc.unary(
            caller,
            () -> {
              try {
                return map.apply(parser.parseFrom(bytes.apply(response)));
              } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(
                    "internal service answered an unreadable response", e);
              }
            });
      }
    };
  }
}
