package dev.aevum.sdk;

import dev.aevum.sdk.internal.common.Validate;
import io.grpc.ChannelCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach a server that speaks Temporal's API. Defaults: {@code 127.0.0.1:7233},
 * plaintext, 10 s per call, 10 s to become healthy on connect.
 */
public final class ConnectionOptions {
  public static final String DEFAULT_TARGET = "127.0.0.1:7233";
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String target;
  private final boolean tls;
  private final ChannelCredentials credentials;
  private final String apiKey;
  private final Map<String, String> metadata;
  private final Duration rpcTimeout;
  private final Duration connectTimeout;
  private final boolean healthCheck;
  private final String authority;
  private final MeterRegistry meterRegistry;

  private ConnectionOptions(Builder b) {
    this.target = b.target;
    this.tls = b.tls;
    this.credentials = b.credentials;
    this.apiKey = b.apiKey;
    this.metadata = Map.copyOf(b.metadata);
    this.rpcTimeout = b.rpcTimeout;
    this.connectTimeout = b.connectTimeout;
    this.healthCheck = b.healthCheck;
    this.authority = b.authority;
    this.meterRegistry = b.meterRegistry;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public static ConnectionOptions local() {
    return newBuilder().build();
  }

  public String target() {
    return target;
  }

  public boolean tls() {
    return tls;
  }

  /** Custom channel credentials (for example mTLS); they take precedence over {@link #tls()}. */
  public Optional<ChannelCredentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** Extra gRPC headers sent with every call. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public Duration rpcTimeout() {
    return rpcTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public boolean healthCheck() {
    return healthCheck;
  }

  /** The server name for TLS (SNI and certificate check) when it differs from the target's host. */
  public Optional<String> authority() {
    return Optional.ofNullable(authority);
  }

  /** Where the client and its workers report meters; empty means no metrics. */
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  public static final class Builder {
    private String target = DEFAULT_TARGET;
    private boolean tls;
    private ChannelCredentials credentials;
    private String apiKey;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Duration rpcTimeout = DEFAULT_RPC_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private boolean healthCheck = true;
    private String authority;
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** {@code host:port}, or any target string grpc-java understands. */
    public Builder target(String value) {
      this.target = Validate.notBlank(value, "target");
      return this;
    }

    /** Use TLS with the JVM's trust store. */
    public Builder tls(boolean value) {
      this.tls = value;
      return this;
    }

    public Builder credentials(ChannelCredentials value) {
      this.credentials = Objects.requireNonNull(value, "credentials");
      return this;
    }

    /** Sent as {@code authorization: Bearer <key>}; requires TLS unless you know better. */
    public Builder apiKey(String value) {
      this.apiKey = Validate.notBlank(value, "apiKey");
      return this;
    }

    public Builder putMetadata(String key, String value) {
      Validate.notBlank(key, "metadata key");
      metadata.put(key.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "metadata value"));
      return this;
    }

    public Builder rpcTimeout(Duration value) {
      this.rpcTimeout = Validate.positive(value, "rpcTimeout");
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Validate.positive(value, "connectTimeout");
      return this;
    }

    /** Skip the health check and GetSystemInfo on connect (for servers without them). */
    /**
     * Reports the SDK's meters (calls, workflow tasks, workflow outcomes, activities) to this
     * Micrometer registry, under the Temporal SDKs' names ({@code temporal_request}, ...).
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /**
     * Overrides the server name TLS checks the certificate against (Temporal's {@code
     * server_name}).
     */
    public Builder authority(String value) {
      this.authority = Validate.notBlank(value, "authority");
      return this;
    }

    public Builder healthCheck(boolean value) {
      this.healthCheck = value;
      return this;
    }

    public ConnectionOptions build() {
      if (apiKey != null && metadata.containsKey("authorization")) {
        throw new IllegalArgumentException(
            "apiKey: conflicts with an explicit 'authorization' metadata entry");
      }
      return new ConnectionOptions(this);
    }
  }
}
