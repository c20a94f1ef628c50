package dev.aevum.server.frontend;

import dev.aevum.persistence.Persistence;
import dev.aevum.server.frontend.internal.OperatorServiceImpl;
import dev.aevum.server.frontend.internal.RequestDecoding;
import dev.aevum.server.frontend.internal.Unsupported;
import dev.aevum.server.frontend.internal.WorkflowServiceImpl;
import dev.aevum.server.frontend.internal.namespaces.NamespaceService;
import dev.aevum.server.frontend.internal.searchattributes.SearchAttributeService;
import dev.aevum.server.frontend.internal.visibility.VisibilityService;
import dev.aevum.server.frontend.internal.workflow.FollowRuns;
import io.grpc.Channel;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frontend role: the public WorkflowService and OperatorService plus the gRPC health service.
 * Stateless apart from the namespace cache; any number may run against one database.
 */
public final class FrontendRole implements AutoCloseable {
  /**
   * The largest request the transport serving this role should accept: above Temporal's 4 MiB
   * limit, so the frontend itself refuses larger requests in the words Temporal's SDKs recognise.
   */
  public static final int TRANSPORT_MAX_BYTES = RequestDecoding.TRANSPORT_MAX_BYTES;

  /** The health names clients check: all services, and each public service by name. */
  static final List<String> HEALTH_NAMES =
      List.of(
          HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
          WorkflowServiceGrpc.SERVICE_NAME,
          OperatorServiceGrpc.SERVICE_NAME);

  /** How often, and how patiently, health asks the database whether it can be reached. */
  static final Duration DATABASE_PROBE_INTERVAL = Duration.ofSeconds(1);

  static final Duration DATABASE_PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(FrontendRole.class);

  private final HealthStatusManager health = new HealthStatusManager();
  private final List<ServerServiceDefinition> services;
  private final Namespaces namespaces;
  private final SearchAttributeService searchAttributes;
  private final Persistence persistence;
  private final ScheduledExecutorService prober =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "aevum-frontend-health");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean databaseReachable = true;

  private FrontendRole(
      List<ServerServiceDefinition> services,
      Namespaces namespaces,
      SearchAttributeService searchAttributes,
      Persistence persistence) {
    this.namespaces = namespaces;
    this.searchAttributes = searchAttributes;
    this.persistence = persistence;
    for (String name : HEALTH_NAMES) {
      health.setStatus(name, ServingStatus.NOT_SERVING);
    }
    this.services =
        List.of(services.get(0), services.get(1), health.getHealthService().bindService());
  }

  public static FrontendRole create(
      FrontendSettings settings,
      Persistence persistence,
      Channel history,
      Channel matching,
      Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(persistence, "persistence");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(matching, "matching");
    Objects.requireNonNull(clock, "clock");
    Namespaces namespaces =
        Namespaces.create(persistence, settings.namespaceRefreshInterval(), clock);
    NamespaceService namespaceService =
        new NamespaceService(persistence.namespaces(), namespaces, settings, clock);
    SearchAttributeService searchAttributes =
        new SearchAttributeService(namespaceService, namespaces, settings);
    WorkflowServiceImpl workflowService =
        new WorkflowServiceImpl(
            settings,
            namespaces,
            namespaceService,
            new VisibilityService(persistence.visibility(), namespaces, settings),
            searchAttributes,
            history,
            matching);
    List<ServerServiceDefinition> definitions =
        List.of(
            ServerInterceptors.intercept(
                RequestDecoding.wrap(
                    Unsupported.fillIn(workflowService.bindService(), WorkflowServiceImpl.class)),
                new FollowRuns()),
            RequestDecoding.wrap(
                Unsupported.fillIn(
                    new OperatorServiceImpl(searchAttributes).bindService(),
                    OperatorServiceImpl.class)));
    return new FrontendRole(definitions, namespaces, searchAttributes, persistence);
  }

  /** WorkflowService, OperatorService and grpc.health.v1.Health, to add to a server. */
  public List<ServerServiceDefinition> services() {
    return services;
  }

  /** The namespace registry this frontend resolves names with. */
  public Namespaces namespaces() {
    return namespaces;
  }

  /**
   * Registers custom search attributes in a namespace, as OperatorService.AddSearchAttributes does
   * (the dev server's --search-attribute).
   *
   * @throws dev.aevum.server.common.ServiceException for a bad name, a type conflict or a missing
   *     namespace
   */
  public void addSearchAttributes(String namespace, Map<String, IndexedValueType> attributes) {
    searchAttributes.add(
        AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace)
            .putAllSearchAttributes(attributes)
            .build());
  }

  /**
   * Reports SERVING, and from now on NOT_SERVING whenever the database cannot be reached (no call
   * that needs it could succeed), SERVING again once it answers.
   */
  public void start() {
    report(ServingStatus.SERVING);
    prober.scheduleWithFixedDelay(
        this::probeDatabase,
        DATABASE_PROBE_INTERVAL.toMillis(),
        DATABASE_PROBE_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void probeDatabase() {
    boolean reachable = persistence.isReachable(DATABASE_PROBE_TIMEOUT);
    if (reachable == databaseReachable) {
      return;
    }
    databaseReachable = reachable;
    if (reachable) {
      log.info("the database answers again; health reports SERVING");
      report(ServingStatus.SERVING);
    } else {
      log.warn("the database cannot be reached; health reports NOT_SERVING until it answers");
      report(ServingStatus.NOT_SERVING);
    }
  }

  private void report(ServingStatus status) {
    for (String name : HEALTH_NAMES) {
      health.setStatus(name, status);
    }
  }

  /** Reports NOT_SERVING, for good: load balancers stop sending before the server drains. */
  @Override
  public void close() {
    prober.shutdownNow();
    health.enterTerminalState();
  }
}
