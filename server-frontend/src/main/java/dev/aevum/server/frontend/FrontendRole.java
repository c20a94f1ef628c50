package dev.aevum.server.frontend;

import dev.aevum.persistence.Persistence;
import dev.aevum.server.frontend.internal.OperatorServiceImpl;
import dev.aevum.server.frontend.internal.Unsupported;
import dev.aevum.server.frontend.internal.searchattributes.SearchAttributeService;
import dev.aevum.server.frontend.internal.WorkflowServiceImpl;
import dev.aevum.server.frontend.internal.namespaces.NamespaceService;
import dev.aevum.server.frontend.internal.visibility.VisibilityService;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The frontend role: the public WorkflowService and OperatorService plus the gRPC health service.
 * Stateless apart from the namespace cache; any number may run against one database.
 */
public final class FrontendRole implements AutoCloseable {
  /** The health names clients check: all services, and each public service by name. */
  static final List<String> HEALTH_NAMES = List.of(
      HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
      WorkflowServiceGrpc.SERVICE_NAME,
      OperatorServiceGrpc.SERVICE_NAME);

  private final HealthStatusManager health = new HealthStatusManager();
  private final List<ServerServiceDefinition> services;
  private final Namespaces namespaces;

  private FrontendRole(List<ServerServiceDefinition> services, Namespaces namespaces) {
    this.namespaces = namespaces;
    for (String name : HEALTH_NAMES) {
      health.setStatus(name, ServingStatus.NOT_SERVING);
    }
    this.services = List.of(services.get(0), services.get(1), health.getHealthService().bindService());
  }

  public static FrontendRole create(
      FrontendSettings settings, Persistence persistence, Channel history, Channel matching, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(persistence, "persistence");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(matching, "matching");
    Objects.requireNonNull(clock, "clock");
    Namespaces namespaces = Namespaces.create(persistence, settings.namespaceRefreshInterval(), clock);
    NamespaceService namespaceService = new NamespaceService(persistence.namespaces(), namespaces, settings, clock);
    SearchAttributeService searchAttributes = new SearchAttributeService(namespaceService, namespaces, settings);
    WorkflowServiceImpl workflowService =
        new WorkflowServiceImpl(settings, namespaces, namespaceService,
            new VisibilityService(persistence.visibility(), namespaces, settings), searchAttributes, history, matching);
    List<ServerServiceDefinition> definitions = List.of(
        io.grpc.ServerInterceptors.intercept(Unsupported.fillIn(workflowService.bindService(), WorkflowServiceImpl.class),
            new dev.aevum.server.frontend.internal.workflow.FollowRuns()),
        Unsupported.fillIn(new OperatorServiceImpl(searchAttributes).bindService(), OperatorServiceImpl.class));
    return new FrontendRole(definitions, namespaces);
  }

  /** WorkflowService, OperatorService and grpc.health.v1.Health, to add to a server. */
  public List<ServerServiceDefinition> services() {
    return services;
  }

  /** The namespace registry this frontend resolves names with. */
  public Namespaces namespaces() {
    return namespaces;
  }

  /** Reports SERVING. */
  public void start() {
    for (String name : HEALTH_NAMES) {
      health.setStatus(name, ServingStatus.SERVING);
    }
  }

  /** Reports NOT_SERVING, for good: load balancers stop sending before the server drains. */
  @Override
  public void close() {
    health.enterTerminalState();
  }
}
