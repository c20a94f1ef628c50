package dev.aevum.server.frontend.internal;

import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers every method Aevum does not implement with UNIMPLEMENTED and a message naming it, in one
 * place instead of one override per method. A method counts as implemented when the service class
 * declares it; everything inherited from the generated base is replaced.
 */
public final class Unsupported {
  private Unsupported() {}

  /**
   * The service with every method {@code implementation} does not declare answered as unsupported.
   */
  public static ServerServiceDefinition fillIn(
      ServerServiceDefinition service, Class<?> implementation) {
    Set<String> declared =
        Arrays.stream(implementation.getDeclaredMethods())
            .filter(Unsupported::isRpcHandler)
            .map(Method::getName)
            .collect(Collectors.toSet());
    ServerServiceDefinition.Builder out =
        ServerServiceDefinition.builder(service.getServiceDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      String bare = method.getMethodDescriptor().getBareMethodName();
      String javaName = Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
      if (declared.contains(javaName)) {
        out.addMethod(method);
      } else {
        out.addMethod(unsupported(method.getMethodDescriptor()));
      }
    }
    return out.build();
  }

  /**
   * A public (request, StreamObserver) method: the shape of a generated unary handler, not a
   * helper.
   */
  private static boolean isRpcHandler(Method method) {
    return Modifier.isPublic(method.getModifiers())
        && method.getParameterCount() == 2
        && method.getParameterTypes()[1] == StreamObserver.class;
  }

  /** A service none of whose methods Aevum implements yet. */
  public static ServerServiceDefinition all(ServiceDescriptor descriptor) {
    ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor);
    for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
      out.addMethod(unsupported(method));
    }
    return out.build();
  }

  static String message(MethodDescriptor<?, ?> method) {
    return "Method " + method.getFullMethodName() + " is not supported by Aevum yet.";
  }

  private static <Q, R> ServerMethodDefinition<Q, R> unsupported(MethodDescriptor<Q, R> method) {
    String message = message(method);
    if (method.getType() == MethodDescriptor.MethodType.UNARY) {
      return ServerMethodDefinition.create(
          method,
          ServerCalls.asyncUnaryCall(
              (Q request, StreamObserver<R> observer) ->
                  Rpc.fail(observer, Errors.unimplemented(message))));
    }
    return ServerMethodDefinition.create(
        method,
        ServerCalls.asyncBidiStreamingCall(
            observer -> {
              Rpc.fail(observer, Errors.unimplemented(message));
              return new StreamObserver<Q>() {
                @Override
                public void onNext(Q value) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              };
            }));
  }
}
