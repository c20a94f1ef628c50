package dev.aevum.sdk;

import dev.aevum.sdk.converter.DataConverter;
import dev.aevum.sdk.internal.common.Validate;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Objects;

/** Namespace, identity and data converter shared by a client and the workers built on it. */
public final class ClientOptions {
  private final String namespace;
  private final String identity;
  private final DataConverter dataConverter;
  private final List<ContextPropagator> contextPropagators;
  private final List<ClientInterceptor> interceptors;

  private ClientOptions(Builder b) {
    this.contextPropagators = List.copyOf(b.contextPropagators);
    this.interceptors = b.interceptors;
    this.namespace = b.namespace;
    this.identity = b.identity;
    this.dataConverter = b.dataConverter;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public static ClientOptions defaults() {
    return newBuilder().build();
  }

  public String namespace() {
    return namespace;
  }

  /** Shown in history and the UI as the worker or client that acted; defaults to pid@host. */
  public String identity() {
    return identity;
  }

  public DataConverter dataConverter() {
    return dataConverter;
  }

  public List<ContextPropagator> contextPropagators() {
    return contextPropagators;
  }

  public List<ClientInterceptor> interceptors() {
    return interceptors;
  }

  public static final class Builder {
    private List<ClientInterceptor> interceptors = List.of();
    private List<ContextPropagator> contextPropagators = List.of();

    private String namespace = "default";
    private String identity = ManagementFactory.getRuntimeMXBean().getName();
    private DataConverter dataConverter = DataConverter.defaultInstance();

    private Builder() {}

    public Builder namespace(String value) {
      this.namespace = Validate.notBlank(value, "namespace");
      return this;
    }

    public Builder identity(String value) {
      this.identity = Validate.notBlank(value, "identity");
      return this;
    }

    public Builder dataConverter(DataConverter value) {
      this.dataConverter = Objects.requireNonNull(value, "dataConverter");
      return this;
    }

    public Builder contextPropagators(List<ContextPropagator> value) {
      Objects.requireNonNull(value, "contextPropagators");
      value.forEach(p -> Objects.requireNonNull(p, "contextPropagators: must not contain null"));
      this.contextPropagators = List.copyOf(value);
      return this;
    }

    /** Wraps this client's workflow calls; the first interceptor is outermost. */
    public Builder interceptors(ClientInterceptor... value) {
      Objects.requireNonNull(value, "interceptors");
      for (ClientInterceptor interceptor : value) {
        Objects.requireNonNull(interceptor, "interceptors: must not contain null");
      }
      this.interceptors = List.of(value);
      return this;
    }

    public ClientOptions build() {
      return new ClientOptions(this);
    }
  }
}
