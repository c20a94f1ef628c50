package dev.aevum.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A client configuration profile in Temporal's environment configuration format, shared with the
 * Temporal CLI and SDKs: a TOML file ({@code TEMPORAL_CONFIG_FILE}, else {@code
 * ~/.config/temporalio/temporal.toml} or the OS's equivalent) with {@code [profile.<name>]} tables,
 * overridden by {@code TEMPORAL_*} environment variables.
 *
 * <pre>{@code
 * ClientProfile profile = ClientProfile.load();          // TEMPORAL_PROFILE, else "default"
 * ServiceConnection connection = ServiceConnection.connect(profile.connectionOptions().build());
 * AevumClient client = AevumClient.newInstance(connection, profile.clientOptions().build());
 * }</pre>
 */
public final class ClientProfile {
  static final String DEFAULT_ADDRESS = "localhost:7233";
  static final String DEFAULT_NAMESPACE = "default";
  private static final Set<String> PROFILE_KEYS =
      Set.of("address", "namespace", "api_key", "tls", "grpc_meta", "codec");
  private static final Set<String> TLS_KEYS =
      Set.of(
          "disabled",
          "client_cert_path",
          "client_cert_data",
          "client_key_path",
          "client_key_data",
          "server_ca_cert_path",
          "server_ca_cert_data",
          "server_name",
          "disable_host_verification");

  private final String name;
  private final String address;
  private final String namespace;
  private final Optional<String> apiKey;
  private final Optional<Boolean> tlsEnabled;
  private final Map<String, String> tls;
  private final Map<String, String> grpcMeta;

  private ClientProfile(
      String name,
      String address,
      String namespace,
      Optional<String> apiKey,
      Optional<Boolean> tlsEnabled,
      Map<String, String> tls,
      Map<String, String> grpcMeta) {
    this.name = name;
    this.address = address;
    this.namespace = namespace;
    this.apiKey = apiKey;
    this.tlsEnabled = tlsEnabled;
    this.tls = Map.copyOf(tls);
    this.grpcMeta = Map.copyOf(grpcMeta);
  }

  /**
   * The profile named by {@code TEMPORAL_PROFILE} (else "default"), from the process environment.
   */
  public static ClientProfile load() {
    return load(System.getenv());
  }

  /**
   * As {@link #load()}, with {@code environment} in place of the process's variables. A missing
   * file is no error (the variables and defaults apply); a missing named profile is, unless it is
   * "default".
   */
  public static ClientProfile load(Map<String, String> environment) {
    String profile = nonEmpty(environment.get("TEMPORAL_PROFILE")).orElse(DEFAULT_NAMESPACE);
    Optional<Path> file =
        nonEmpty(environment.get("TEMPORAL_CONFIG_FILE"))
            .map(Path::of)
            .or(() -> defaultFile(environment));
    JsonNode table =
        file.filter(Files::isRegularFile)
            .map(ClientProfile::read)
            .map(root -> root.path("profile").path(profile))
            .orElse(MissingNode.getInstance());
    if (table.isMissingNode() && !profile.equals("default")) {
      throw new IllegalArgumentException(
          "TEMPORAL_PROFILE: profile '"
              + profile
              + "' is not in "
              + file.map(Path::toString).orElse("any configuration file"));
    }
    String where = file.map(Path::toString).orElse("(no file)") + " [profile." + profile + "]";
    checkKeys(table, PROFILE_KEYS, where);
    checkKeys(table.path("tls"), TLS_KEYS, where + ".tls");

    String address =
        env(environment, "TEMPORAL_ADDRESS")
            .or(() -> text(table, "address"))
            .orElse(DEFAULT_ADDRESS);
    String namespace =
        env(environment, "TEMPORAL_NAMESPACE")
            .or(() -> text(table, "namespace"))
            .orElse(DEFAULT_NAMESPACE);
    Optional<String> apiKey = env(environment, "TEMPORAL_API_KEY").or(() -> text(table, "api_key"));
    Map<String, String> tls = new LinkedHashMap<>();
    for (String key : TLS_KEYS) {
      env(environment, "TEMPORAL_TLS_" + key.toUpperCase(Locale.ROOT))
          .or(() -> text(table.path("tls"), key))
          .ifPresent(value -> tls.put(key, value));
    }
    // TEMPORAL_TLS=true/false turns TLS on or off; in the file, tls.disabled = true turns it off.
    Optional<Boolean> tlsEnabled =
        env(environment, "TEMPORAL_TLS")
            .map(v -> bool(v, "TEMPORAL_TLS"))
            .or(
                () ->
                    Optional.ofNullable(tls.remove("disabled"))
                        .map(v -> !bool(v, where + ".tls.disabled")))
            .or(() -> table.has("tls") || !tls.isEmpty() ? Optional.of(true) : Optional.empty());
    tls.remove("disabled");
    Map<String, String> grpcMeta = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> meta = table.path("grpc_meta").fields();
    meta.forEachRemaining(
        e -> grpcMeta.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
    environment.forEach(
        (k, v) -> {
          if (k.startsWith("TEMPORAL_GRPC_META_") && k.length() > "TEMPORAL_GRPC_META_".length()) {
            grpcMeta.put(
                k.substring("TEMPORAL_GRPC_META_".length())
                    .toLowerCase(Locale.ROOT)
                    .replace('_', '-'),
                v);
          }
        });
    return new ClientProfile(profile, address, namespace, apiKey, tlsEnabled, tls, grpcMeta);
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public Optional<String> apiKey() {
    return apiKey;
  }

  /**
   * TLS is on when asked for, or when an API key is set and TLS is not turned off, as in Temporal.
   */
  public boolean tls() {
    return tlsEnabled.orElse(apiKey.isPresent());
  }

  /** Connection options with the profile's address, API key, TLS material and gRPC metadata. */
  public ConnectionOptions.Builder connectionOptions() {
    ConnectionOptions.Builder builder = ConnectionOptions.newBuilder().target(address);
    apiKey.ifPresent(builder::apiKey);
    grpcMeta.forEach(builder::putMetadata);
    if (!tls()) {
      return builder;
    }
    if (Boolean.parseBoolean(tls.getOrDefault("disable_host_verification", "false"))) {
      throw new IllegalArgumentException(
          "tls.disable_host_verification is not supported by the Aevum SDK;"
              + " set tls.server_name to the name in the server's certificate instead");
    }
    Optional.ofNullable(tls.get("server_name")).ifPresent(builder::authority);
    Optional<byte[]> ca = pem("server_ca_cert");
    Optional<byte[]> cert = pem("client_cert");
    Optional<byte[]> key = pem("client_key");
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(
          "tls: client_cert and client_key go together (profile " + name + ")");
    }
    if (ca.isEmpty() && cert.isEmpty()) {
      return builder.tls(true); // the JVM's trust store, no client certificate
    }
    return builder.credentials(credentials(ca, cert, key));
  }

  /** Client options with the profile's namespace. */
  public ClientOptions.Builder clientOptions() {
    return ClientOptions.newBuilder().namespace(namespace);
  }

  private ChannelCredentials credentials(
      Optional<byte[]> ca, Optional<byte[]> cert, Optional<byte[]> key) {
    ca.ifPresent(pem -> requireCertificates(pem, "server_ca_cert"));
    cert.ifPresent(pem -> requireCertificates(pem, "client_cert"));
    try {
      TlsChannelCredentials.Builder tlsBuilder = TlsChannelCredentials.newBuilder();
      if (ca.isPresent()) {
        tlsBuilder.trustManager(new ByteArrayInputStream(ca.get()));
      }
      if (cert.isPresent()) {
        tlsBuilder.keyManager(
            new ByteArrayInputStream(cert.get()), new ByteArrayInputStream(key.get()));
      }
      return tlsBuilder.build();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "tls: cannot use the certificates of profile " + name + ": " + e.getMessage(), e);
    }
  }

  /** grpc-java reads certificates only when connecting: check them now, naming the setting. */
  private void requireCertificates(byte[] pem, String setting) {
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem))
          .isEmpty()) {
        throw new CertificateException("no certificate found");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "tls." + setting + " of profile " + name + " is not a PEM certificate: " + e.getMessage(),
          e);
    }
  }

  /** A PEM value given inline ({@code <name>_data}) or by path ({@code <name>_path}), not both. */
  private Optional<byte[]> pem(String prefix) {
    String data = tls.get(prefix + "_data");
    String path = tls.get(prefix + "_path");
    if (data != null && path != null) {
      throw new IllegalArgumentException(
          "tls: give " + prefix + "_data or " + prefix + "_path, not both");
    }
    if (data != null) {
      return Optional.of(data.getBytes(StandardCharsets.UTF_8));
    }
    if (path == null) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "tls." + prefix + "_path: cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the Temporal configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Path> defaultFile(Map<String, String> environment) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String home = System.getProperty("user.home", "");
    if (os.contains("win")) {
      return nonEmpty(environment.get("APPDATA"))
          .map(dir -> Path.of(dir, "temporalio", "temporal.toml"));
    }
    if (os.contains("mac")) {
      return Optional.of(
          Path.of(home, "Library", "Application Support", "temporalio", "temporal.toml"));
    }
    return nonEmpty(environment.get("XDG_CONFIG_HOME"))
        .map(Path::of)
        .or(() -> Optional.of(Path.of(home, ".config")))
        .map(dir -> dir.resolve("temporalio").resolve("temporal.toml"));
  }

  private static void checkKeys(JsonNode table, Set<String> known, String where) {
    if (!table.isObject()) {
      return;
    }
    table
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                throw new IllegalArgumentException(
                    where
                        + ": unknown key '"
                        + key
                        + "' (known: "
                        + String.join(", ", known)
                        + ")");
              }
            });
  }

  private static Optional<String> text(JsonNode table, String key) {
    JsonNode value = table.path(key);
    return value.isValueNode() ? nonEmpty(value.asText()) : Optional.empty();
  }

  private static Optional<String> env(Map<String, String> environment, String name) {
    return nonEmpty(environment.get(name));
  }

  private static Optional<String> nonEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static boolean bool(String value, String where) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              where + ": expected true or false, got '" + value + "'");
    };
  }
}
