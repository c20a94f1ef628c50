package dev.aevum.server.frontend.internal;

import dev.aevum.server.common.Errors;
import dev.aevum.server.common.Rpc;
import dev.aevum.server.common.ServiceException;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Answers every method Aevum does not implement with UNIMPLEMENTED and a message naming it, in one
 * place instead of one override per method. A method counts as implemented when the service class
 * declares it; everything inherited from the generated base is replaced. Methods a Temporal server
 * turns off by default are answered as it answers them.
 */
public final class Unsupported {
  private static final String VERSION_SETS_OFF =
      "Worker versioning v0.1 (Version Set-based, deprecated) is disabled on this namespace.";
  private static final String VERSIONING_RULES_OFF =
      "Worker versioning v0.2 (Rules-based, deprecated) is disabled on this namespace.";

  /**
   * The deprecated build-id versioning APIs: off by default in Temporal ({@code
   * frontend.workerVersioningDataAPIs}, {@code frontend.workerVersioningRuleAPIs}), with
   * PERMISSION_DENIED and these words (reachability names v0.2, as Temporal's does). Aevum offers
   * Worker Deployment versioning instead.
   */
  public static final Map<String, String> OFF_AS_IN_TEMPORAL =
      Map.of(
          "UpdateWorkerBuildIdCompatibility", VERSION_SETS_OFF,
          "GetWorkerBuildIdCompatibility", VERSION_SETS_OFF,
          "GetWorkerTaskReachability", VERSIONING_RULES_OFF,
          "UpdateWorkerVersioningRules", VERSIONING_RULES_OFF,
          "GetWorkerVersioningRules", VERSIONING_RULES_OFF);

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
      } else if (OFF_AS_IN_TEMPORAL.containsKey(bare)) {
        String message = OFF_AS_IN_TEMPORAL.get(bare);
        out.addMethod(
            failing(method.getMethodDescriptor(), () -> Errors.permissionDenied(message)));
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
    return failing(method, () -> Errors.unimplemented(message));
  }

  private static <Q, R> ServerMethodDefinition<Q, R> failing(
      MethodDescriptor<Q, R> method, Supplier<ServiceException> error) {
    if (method.getType() == MethodDescriptor.MethodType.UNARY) {
      return ServerMethodDefinition.create(
          method,
          ServerCalls.asyncUnaryCall(
              (Q request, StreamObserver<R> observer) -> Rpc.fail(observer, error.get())));
    }
    return ServerMethodDefinition.create(
        method,
        ServerCalls.asyncBidiStreamingCall(
            observer -> {
              Rpc.fail(observer, error.get());
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
