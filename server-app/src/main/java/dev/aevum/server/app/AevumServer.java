package dev.aevum.server.app;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.server.common.ServiceException;
import dev.aevum.server.common.metrics.RpcMetrics;
import dev.aevum.server.frontend.ApiKeyAuthentication;
import dev.aevum.server.frontend.FrontendRole;
import dev.aevum.server.frontend.FrontendSettings;
import dev.aevum.server.frontend.Namespaces;
import dev.aevum.server.history.HistoryRole;
import dev.aevum.server.history.HistorySettings;
import dev.aevum.server.matching.MatchingRole;
import dev.aevum.server.matching.MatchingSettings;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Aevum server process: frontend, history and matching wired by hand on one database.
 *
 * <p>History and matching serve their internal gRPC services on an in-process server private to
 * this instance; the frontend's public services (WorkflowService, OperatorService, health) are
 * served by Netty on {@link Builder#ip}:{@link Builder#port}. Used by the {@code aevum} command and
 * by tests (port 0 picks a free port, see {@link #port()}).
 *
 * <pre>{@code
 * try (AevumServer server = AevumServer.builder().database(DatabaseConfig.sqliteInMemory())
 *     .migrateOnStart(true).numHistoryShards(1).namespaces(List.of("default")).port(0).build()) {
 *   server.start();
 *   ...
 * }
 * }</pre>
 */
public final class AevumServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AevumServer.class);

  private final Builder options;
  private final String internalName = "aevum-internal-" + UUID.randomUUID();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private enum State {
    NEW,
    STARTING,
    RUNNING,
    CLOSED
  }

  private State state = State.NEW; // guarded by this
  private Persistence persistence;
  private HistoryRole history;
  private MatchingRole matching;
  private FrontendRole frontend;
  private Server internalServer;
  private ManagedChannel internalChannel;
  private Server publicServer;
  private PrometheusMeterRegistry meters;
  private JvmGcMetrics gcMetrics;
  private MetricsEndpoint metricsEndpoint;

  private AevumServer(Builder options) {
    this.options = options;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the database, migrates it ({@link Builder#migrateOnStart}) or validates its schema,
   * checks the history shard count, creates the configured namespaces, starts the roles and then
   * the public endpoint. On failure everything opened so far is closed again.
   *
   * @throws dev.aevum.persistence.SchemaMismatchException when the schema is missing or outdated
   * @throws AevumStartupException when the configuration does not fit the database or the port is
   *     taken
   */
  public void start() {
    synchronized (this) {
      if (state != State.NEW) {
        throw new IllegalStateException("start() may be called once; the server is " + state);
      }
      state = State.STARTING;
    }
    try {
      doStart();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    synchronized (this) {
      if (state == State.STARTING) {
        state = State.RUNNING;
      }
    }
  }

  private void doStart() {
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    persistence = options.persistenceOpener.apply(options.database, meters);
    if (options.migrateOnStart) {
      log.info("schema: {}", persistence.migrate());
    } else {
      persistence.validateSchema();
    }
    ClusterBootstrap.checkNumHistoryShards(
        persistence, options.numHistoryShards, options.numHistoryShardsSetting);
    for (String namespace : options.namespaces) {
      String id =
          Namespaces.ensureExists(
              persistence, namespace, options.namespaceRetention, options.clock);
      log.info("namespace {} ready (id {})", namespace, id);
    }

    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(meters);

    // One in-process server hosts both internal services, so one channel reaches both.
    internalChannel = InProcessChannelBuilder.forName(internalName).build();
    history =
        HistoryRole.create(
            options.historySettings.withNumHistoryShards(options.numHistoryShards),
            persistence,
            internalChannel,
            options.clock,
            meters);
    matching =
        MatchingRole.create(options.matchingSettings, persistence, internalChannel, options.clock);
    frontend =
        FrontendRole.create(
            options.frontendSettings, persistence, internalChannel, internalChannel, options.clock);
    registerSearchAttributes();
    InProcessServerBuilder internal =
        InProcessServerBuilder.forName(internalName).addService(history.service());
    matching.services().forEach(internal::addService);
    internalServer = start(internal.build(), "internal in-process server");
    history.start();
    matching.start();
    frontend.start();
    publicServer =
        start(
            publicServerBuilder(frontend.services()).build(),
            "gRPC endpoint " + hostPort(options.ip, options.port));
    if (options.metricsPort >= 0) {
      metricsEndpoint = MetricsEndpoint.start(options.ip, options.metricsPort, meters);
      log.info("metrics at http://{}/metrics", hostPort(options.ip, metricsEndpoint.port()));
    }
    log.info("Aevum listening on {}", hostPort(options.ip, port()));
  }

  /** The configured search attributes, in every namespace this server creates. */
  private void registerSearchAttributes() {
    if (options.searchAttributes.isEmpty()) {
      return;
    }
    for (String namespace : options.namespaces) {
      try {
        frontend.addSearchAttributes(namespace, options.searchAttributes);
      } catch (ServiceException e) {
        throw new AevumStartupException(
            "Cannot register the search attributes in namespace "
                + namespace
                + ": "
                + e.getMessage());
      }
    }
    log.info("search attributes {} registered", options.searchAttributes.keySet());
  }

  private NettyServerBuilder publicServerBuilder(List<ServerServiceDefinition> services) {
    // Keepalive values are Temporal's frontend defaults: SDKs ping every 30s even when idle,
    // and grpc-java's default enforcement (5 minutes) would answer that with GOAWAY.
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(options.ip, options.port))
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .keepAliveTime(1, TimeUnit.MINUTES)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .maxConnectionIdle(2, TimeUnit.MINUTES)
            .maxConnectionAge(5, TimeUnit.MINUTES)
            .maxConnectionAgeGrace(70, TimeUnit.SECONDS)
            .maxInboundMessageSize(FrontendRole.TRANSPORT_MAX_BYTES);
    RpcMetrics rpcMetrics = new RpcMetrics(meters);
    if (options.apiKeys.isEmpty()) {
      services.forEach(
          service -> builder.addService(ServerInterceptors.intercept(service, rpcMetrics)));
    } else {
      // The last interceptor runs first: refused calls are counted too.
      ApiKeyAuthentication authentication = ApiKeyAuthentication.of(options.apiKeys);
      services.forEach(
          service ->
              builder.addService(
                  ServerInterceptors.intercept(service, authentication, rpcMetrics)));
    }
    options.tls.ifPresent(tls -> builder.sslContext(sslContext(tls)));
    return builder;
  }

  private static SslContext sslContext(ServerTls tls) {
    for (Path file :
        Stream.concat(Stream.of(tls.certFile(), tls.keyFile()), tls.clientCaFile().stream())
            .toList()) {
      if (!Files.isReadable(file)) {
        throw new AevumStartupException(
            "Cannot read the TLS file " + file + ": it does not exist or is not readable.");
      }
    }
    try {
      SslContextBuilder ssl =
          GrpcSslContexts.forServer(tls.certFile().toFile(), tls.keyFile().toFile());
      tls.clientCaFile()
          .ifPresent(ca -> ssl.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE));
      return ssl.build();
    } catch (IOException | RuntimeException e) {
      throw new AevumStartupException(
          "Cannot set up TLS from certificate "
              + tls.certFile()
              + " and key "
              + tls.keyFile()
              + tls.clientCaFile().map(ca -> " and client CA " + ca).orElse("")
              + ": "
              + e.getMessage()
              + " (PEM files expected; the key in PKCS#8).",
          e);
    }
  }

  private static Server start(Server server, String what) {
    try {
      return server.start();
    } catch (IOException e) {
      if (addressInUse(e)) {
        throw new AevumStartupException(
            "Cannot listen on the "
                + what
                + ": the address is already in use."
                + " Is another server running there? Choose another port with --port.",
            e);
      }
      throw new AevumStartupException("Cannot start the " + what + ": " + e.getMessage(), e);
    }
  }

  // Netty's native transport reports a taken port as its own IOException, not a BindException.
  private static boolean addressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  /** The port the public endpoint listens on (the chosen one when configured as 0). */
  public int port() {
    Server server = publicServer;
    if (server == null) {
      throw new IllegalStateException("the server is not started");
    }
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /** The address clients should dial, e.g. {@code 127.0.0.1:7233}. */
  public String target() {
    String ip = options.ip.equals("0.0.0.0") || options.ip.equals("::") ? "127.0.0.1" : options.ip;
    return hostPort(ip, port());
  }

  /** The port of the Prometheus endpoint ({@code /metrics}); empty when metrics are not served. */
  public OptionalInt metricsPort() {
    MetricsEndpoint endpoint = metricsEndpoint;
    return endpoint == null ? OptionalInt.empty() : OptionalInt.of(endpoint.port());
  }

  /**
   * The server's meters (those the Prometheus endpoint serves), for reading them in-process. Valid
   * between {@link #start()} and {@link #close()}.
   */
  public MeterRegistry meters() {
    var m = meters;
    if (m == null) {
      throw new IllegalStateException("the server is not started");
    }
    return m;
  }

  /** The address the public endpoint is bound to, e.g. {@code 0.0.0.0:7233}. */
  public String listenAddress() {
    return hostPort(options.ip, port());
  }

  /** The database this server runs on. Valid between {@link #start()} and {@link #close()}. */
  public Persistence persistence() {
    Persistence p = persistence;
    if (p == null) {
      throw new IllegalStateException("the server is not started");
    }
    return p;
  }

  /** Waits until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Stops the server like Temporal's frontend does: health reports NOT_SERVING, no new calls are
   * accepted, long polls are answered (matching closes), in-flight calls get up to the drain
   * timeout, then the rest is cancelled, history releases its shards, and the database is closed.
   * Idempotent; safe from a shutdown hook.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    try {
      long deadline = System.nanoTime() + options.drainTimeout.toNanos();
      quietly("frontend", frontend);
      if (publicServer != null) {
        publicServer.shutdown();
      }
      // Waiting long polls would otherwise hold the drain for up to a minute.
      quietly("matching", matching);
      awaitOrCancel(publicServer, deadline);
      quietly("history", history);
      if (internalServer != null) {
        internalServer.shutdown();
        awaitOrCancel(internalServer, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
      }
      if (internalChannel != null) {
        internalChannel.shutdownNow();
      }
      quietly("persistence", persistence);
      quietly("metrics endpoint", metricsEndpoint);
      quietly("JVM GC metrics", gcMetrics);
      if (meters != null) {
        meters.close();
      }
      log.info("Aevum stopped");
    } finally {
      terminated.countDown();
    }
  }

  private static void awaitOrCancel(Server server, long deadlineNanos) {
    if (server == null) {
      return;
    }
    try {
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      if (!server.awaitTermination(left, TimeUnit.NANOSECONDS)) {
        log.warn("drain timeout reached; cancelling the calls still running");
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void quietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("closing {} failed", what, e);
    }
  }

  private static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** Options of an {@link AevumServer}. Only {@link #database} is required. */
  public static final class Builder {
    private DatabaseConfig database;
    private boolean migrateOnStart;
    private String ip = "127.0.0.1";
    private int port = 7233;
    private int numHistoryShards = 4;
    private String numHistoryShardsSetting = "numHistoryShards";
    private List<String> namespaces = List.of();
    private Map<String, IndexedValueType> searchAttributes = Map.of();
    private Duration namespaceRetention = Duration.ofHours(24);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private int metricsPort = -1;
    private Optional<ServerTls> tls = Optional.empty();
    private List<String> apiKeys = List.of();
    private Clock clock = Clock.systemUTC();
    private HistorySettings historySettings = HistorySettings.defaults();
    private MatchingSettings matchingSettings = MatchingSettings.defaults();
    private FrontendSettings frontendSettings = FrontendSettings.defaults();
    private BiFunction<DatabaseConfig, MeterRegistry, Persistence> persistenceOpener =
        SqlPersistence::open;

    private Builder() {}

    public Builder database(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /**
     * Creates or upgrades the schema at start (dev mode); otherwise start refuses a schema
     * mismatch.
     */
    public Builder migrateOnStart(boolean migrate) {
      this.migrateOnStart = migrate;
      return this;
    }

    /** The address the public endpoint binds to; {@code 127.0.0.1} by default. */
    public Builder ip(String ip) {
      Objects.requireNonNull(ip, "ip");
      if (ip.isBlank()) {
        throw new IllegalArgumentException("ip must not be blank");
      }
      this.ip = ip.trim();
      return this;
    }

    /** The public port; 7233 by default, 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Stored at first boot; a different value later is refused. 4 by default, the dev server uses
     * 1.
     */
    public Builder numHistoryShards(int shards) {
      if (shards < 1) {
        throw new IllegalArgumentException("numHistoryShards must be at least 1, got " + shards);
      }
      this.numHistoryShards = shards;
      return this;
    }

    /**
     * How the operator sets the shard count, named in the error when it does not match the
     * database.
     */
    public Builder numHistoryShardsSetting(String howToSet) {
      this.numHistoryShardsSetting = Objects.requireNonNull(howToSet, "howToSet");
      return this;
    }

    /** Namespaces created at start when missing. */
    public Builder namespaces(List<String> namespaces) {
      this.namespaces = List.copyOf(namespaces);
      return this;
    }

    /**
     * Custom search attributes registered at start in every namespace of {@link #namespaces}, as
     * {@code temporal server start-dev --search-attribute} does. Requests may only write registered
     * attributes (and the Custom*Field ones every namespace has).
     */
    public Builder searchAttributes(Map<String, IndexedValueType> attributes) {
      this.searchAttributes = Map.copyOf(attributes);
      return this;
    }

    /**
     * Retention of the namespaces this server creates; 24 hours by default, like Temporal's dev
     * server.
     */
    public Builder namespaceRetention(Duration retention) {
      this.namespaceRetention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * How long in-flight calls may run at shutdown before they are cancelled; 10 seconds by
     * default.
     */
    public Builder drainTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("drainTimeout must not be negative, got " + timeout);
      }
      this.drainTimeout = timeout;
      return this;
    }

    /**
     * Serves Prometheus metrics at {@code http://ip:port/metrics}; 0 picks a free port. Not served
     * unless set.
     */
    public Builder metricsPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("metricsPort must be 0 to 65535, got " + port);
      }
      this.metricsPort = port;
      return this;
    }

    /**
     * Serves the public endpoint over TLS (and mutual TLS with a client CA); plaintext by default.
     */
    public Builder tls(ServerTls tls) {
      this.tls = Optional.of(Objects.requireNonNull(tls, "tls"));
      return this;
    }

    /**
     * Requires every call (but health checks) to carry {@code authorization: Bearer <key>} with one
     * of these keys; no keys (the default) means no authentication.
     */
    public Builder apiKeys(List<String> keys) {
      this.apiKeys = List.copyOf(keys);
      if (!apiKeys.isEmpty()) {
        ApiKeyAuthentication.of(apiKeys); // validates now, not at start
      }
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** History settings; the shard count is taken from {@link #numHistoryShards} instead. */
    public Builder historySettings(HistorySettings settings) {
      this.historySettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder matchingSettings(MatchingSettings settings) {
      this.matchingSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder frontendSettings(FrontendSettings settings) {
      this.frontendSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** For tests: how the database is opened. */
    Builder persistenceOpener(BiFunction<DatabaseConfig, MeterRegistry, Persistence> opener) {
      this.persistenceOpener = Objects.requireNonNull(opener, "opener");
      return this;
    }

    public AevumServer build() {
      if (database == null) {
        throw new IllegalStateException("database is required");
      }
      Builder copy = new Builder();
      copy.database = database;
      copy.migrateOnStart = migrateOnStart;
      copy.ip = ip;
      copy.port = port;
      copy.numHistoryShards = numHistoryShards;
      copy.numHistoryShardsSetting = numHistoryShardsSetting;
      copy.namespaces = new ArrayList<>(namespaces);
      copy.searchAttributes = searchAttributes;
      copy.namespaceRetention = namespaceRetention;
      copy.drainTimeout = drainTimeout;
      copy.metricsPort = metricsPort;
      copy.tls = tls;
      copy.apiKeys = apiKeys;
      copy.clock = clock;
      copy.historySettings = historySettings;
      copy.matchingSettings = matchingSettings;
      copy.frontendSettings = frontendSettings;
      copy.persistenceOpener = persistenceOpener;
      return new AevumServer(copy);
    }
  }
}
