package dev.aevum.server.common.api;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aevum.proto.history.CallScopeMessage;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * What an internal call carries beside its message: the namespace the frontend resolved, the
 * routing key and, for polls, the poll's id. It travels in one binary header ({@link InternalCalls}
 * sets it) and is exposed to the handler by {@link #serverInterceptor()}.
 */
public record CallScope(String namespaceId, String namespace, String workflowId, String pollerId) {
  static final Metadata.Key<byte[]> HEADER =
      Metadata.Key.of("aevum-scope-bin", Metadata.BINARY_BYTE_MARSHALLER);
  private static final Context.Key<CallScope> CONTEXT = Context.key("aevum-scope");

  public CallScope {
    namespaceId = namespaceId == null ? "" : namespaceId;
    namespace = namespace == null ? "" : namespace;
    workflowId = workflowId == null ? "" : workflowId;
    pollerId = pollerId == null ? "" : pollerId;
  }

  /** The scope of a call about one workflow of a namespace. */
  public static CallScope of(String namespaceId, String namespace, String workflowId) {
    return new CallScope(namespaceId, namespace, workflowId, "");
  }

  /** The scope of the call being served; fails if the caller sent none. */
  public static CallScope current() {
    CallScope scope = CONTEXT.get();
    if (scope == null) {
      throw Status.INVALID_ARGUMENT
          .withDescription("internal call without its aevum-scope-bin header")
          .asRuntimeException();
    }
    return scope;
  }

  /** {@code call}, sending this scope as its header. */
  <Q, R> ClientCall<Q, R> attachTo(ClientCall<Q, R> call) {
    byte[] header = toMessage().toByteArray();
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(HEADER, header);
        super.start(listener, headers);
      }
    };
  }

  /**
   * Makes the caller's scope {@link #current()} for the handler. Install on the internal services.
   */
  public static ServerInterceptor serverInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        byte[] bytes = headers.get(HEADER);
        if (bytes == null) {
          return next.startCall(call, headers);
        }
        CallScope scope;
        try {
          scope = fromMessage(CallScopeMessage.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
          call.close(
              Status.INVALID_ARGUMENT.withDescription("unreadable aevum-scope-bin header"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(
            Context.current().withValue(CONTEXT, scope), call, headers, next);
      }
    };
  }

  private CallScopeMessage toMessage() {
    return CallScopeMessage.newBuilder()
        .setNamespaceId(namespaceId)
        .setNamespace(namespace)
        .setWorkflowId(workflowId)
        .setPollerId(pollerId)
        .build();
  }

  private static CallScope fromMessage(CallScopeMessage m) {
    return new CallScope(m.getNamespaceId(), m.getNamespace(), m.getWorkflowId(), m.getPollerId());
  }
}
