package dev.aevum.server.frontend.internal;

import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.aevum.server.common.Errors;
import dev.aevum.server.common.validation.MessageScan;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes public requests itself, so that bytes that are not a valid request (broken protobuf,
 * invalid UTF-8 in a string, nesting beyond protobuf's limit) get INVALID_ARGUMENT instead of
 * grpc-java's UNKNOWN, and every decoded request passes {@link MessageScan} before any handler sees
 * it. Each method receives the raw stream and parses it with the method's own marshaller.
 */
public final class RequestDecoding {
  private static final Logger log = LoggerFactory.getLogger(RequestDecoding.class);

  /**
   * Worker commands and protocol messages are checked by history, which fails the workflow task
   * with the cause Temporal gives instead of only rejecting the call.
   */
  static final Set<String> CHECKED_BY_HISTORY =
      Set.of(
          "temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest.commands",
          "temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest.messages");

  /**
   * Temporal's limit on a request (4 MiB, grpc-go's default). A larger one is refused in grpc-go's
   * words: Temporal's SDKs recognise them, and fail a workflow task whose answer is too large
   * rather than retrying it forever. The transport takes up to {@link #TRANSPORT_MAX_BYTES}, so
   * that this answer can be given.
   */
  public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  /** What the transport accepts at most; beyond it grpc-java's own limit answers. */
  public static final int TRANSPORT_MAX_BYTES = 16 * 1024 * 1024;

  /** A protobuf request type: its default instance and descriptor, looked up once per method. */
  private record Prototype(Message message, Descriptors.Descriptor type) {}

  private RequestDecoding() {}

  /** {@code service} with every method decoding and checking its request as described above. */
  public static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(service.getServiceDescriptor().getName())
            .setSchemaDescriptor(service.getServiceDescriptor().getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<InputStream, ?> wrapped = raw(method);
      methods.add(wrapped);
      descriptor.addMethod(wrapped.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(out::addMethod);
    return out.build();
  }

  private static <Q, R> ServerMethodDefinition<InputStream, R> raw(
      ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
    MethodDescriptor<InputStream, R> rawDescriptor =
        typed.toBuilder(new StreamMarshaller(), typed.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> handler = method.getServerCallHandler();
    Optional<Prototype> prototype =
        typed.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> p
                && p.getMessagePrototype() instanceof Message m
            ? Optional.of(new Prototype(m, m.getDescriptorForType()))
            : Optional.empty();
    return ServerMethodDefinition.create(
        rawDescriptor, (call, headers) -> decoding(call, headers, typed, prototype, handler));
  }

  private static <Q, R> ServerCall.Listener<InputStream> decoding(
      ServerCall<InputStream, R> call,
      Metadata headers,
      MethodDescriptor<Q, R> typed,
      Optional<Prototype> prototype,
      ServerCallHandler<Q, R> handler) {
    ServerCall<Q, R> typedCall =
        new ForwardingServerCall.SimpleForwardingServerCall<Q, R>(castCall(call)) {
          @Override
          public MethodDescriptor<Q, R> getMethodDescriptor() {
            return typed;
          }
        };
    ServerCall.Listener<Q> inner = handler.startCall(typedCall, headers);
    return new ServerCall.Listener<>() {
      private boolean rejected;

      @Override
      public void onMessage(InputStream stream) {
        if (rejected) {
          return;
        }
        byte[] bytes;
        Q request;
        try {
          bytes = stream.readAllBytes();
          if (bytes.length > MAX_REQUEST_BYTES) {
            rejected = true;
            call.close(
                Status.RESOURCE_EXHAUSTED.withDescription(
                    String.format(
                        Locale.ROOT,
                        "grpc: received message larger than max (%d vs. %d)",
                        bytes.length,
                        MAX_REQUEST_BYTES)),
                new Metadata());
            return;
          }
          request = parse(typed, prototype, bytes);
        } catch (IOException | RuntimeException e) {
          reject("Request could not be decoded as " + typed.getFullMethodName() + ": " + reason(e));
          return;
        }
        Optional<String> problem =
            prototype.isPresent()
                ? MessageScan.problem(
                    prototype.get().type(), bytes, (Message) request, CHECKED_BY_HISTORY)
                : Optional.empty();
        if (problem.isPresent()) {
          reject(problem.get());
          return;
        }
        inner.onMessage(request);
      }

      private void reject(String message) {
        rejected = true;
        log.debug("rejected {}: {}", typed.getFullMethodName(), message);
        call.close(Status.INVALID_ARGUMENT.withDescription(message), errorTrailers(message));
      }

      @Override
      public void onHalfClose() {
        if (!rejected) {
          inner.onHalfClose();
        }
      }

      @Override
      public void onCancel() {
        inner.onCancel();
      }

      @Override
      public void onComplete() {
        inner.onComplete();
      }

      @Override
      public void onReady() {
        if (!rejected) {
          inner.onReady();
        }
      }
    };
  }

  /**
   * The trailers of {@link Errors#invalidArgument}: the same status details every other rejection
   * carries.
   */
  private static Metadata errorTrailers(String message) {
    Metadata trailers =
        Status.trailersFromThrowable(Errors.invalidArgument(message).toStatusRuntimeException());
    return trailers == null ? new Metadata() : trailers;
  }

  /** Parses with the request type's own parser where there is one (no second copy of the bytes). */
  @SuppressWarnings("unchecked")
  private static <Q> Q parse(
      MethodDescriptor<Q, ?> typed, Optional<Prototype> prototype, byte[] bytes)
      throws IOException {
    if (prototype.isPresent()) {
      return (Q) prototype.get().message().getParserForType().parseFrom(bytes);
    }
    return typed.parseRequest(new ByteArrayInputStream(bytes));
  }

  private static String reason(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException) {
        return t.getMessage();
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Only the request type differs; responses go through the original call untouched. */
  @SuppressWarnings("unchecked")
  private static <Q, R> ServerCall<Q, R> castCall(ServerCall<InputStream, R> call) {
    return (ServerCall<Q, R>) (ServerCall<?, R>) call;
  }

  private static final class StreamMarshaller implements MethodDescriptor.Marshaller<InputStream> {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  }
}
