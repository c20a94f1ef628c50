package dev.aevum.server.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aevum.server.app.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Builds an {@link AevumConfig} from, in increasing precedence: the defaults, a YAML file, the
 * environment ({@link ConfigKey#envVar()}) and command-line options. Every problem is collected and
 * reported at once in one {@link ConfigException}, each naming its key and where the bad value came
 * from.
 */
public final class ConfigLoader {

  private final Map<ConfigKey, Raw> values = new EnumMap<>(ConfigKey.class);
  private final List<String> errors = new ArrayList<>();

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration.
   *
   * @param file the YAML file, when one was given
   * @param env the environment, usually {@code System.getenv()}
   * @param options values given as command-line options; they win over everything else
   * @throws ConfigException listing every problem found
   */
  public static AevumConfig load(
      Optional<Path> file, Map<String, String> env, Map<ConfigKey, String> options) {
    ConfigLoader loader = new ConfigLoader();
    file.ifPresent(loader::readFile);
    for (ConfigKey key : ConfigKey.values()) {
      String fromEnv = env.get(key.envVar());
      if (fromEnv != null) {
        loader.values.put(key, Raw.scalar(fromEnv, "environment variable " + key.envVar()));
      }
    }
    options.forEach(
        (key, value) -> loader.values.put(key, Raw.scalar(value, "command-line option")));
    return loader.build();
  }

  /** A value as found, before conversion. {@code list} is set for YAML sequences only. */
  private record Raw(String text, Optional<List<String>> list, String source) {
    static Raw scalar(String text, String source) {
      return new Raw(text, Optional.empty(), source);
    }
  }

  private void readFile(Path file) {
    String name = file.toString();
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      errors.add("config file " + name + ": not found");
      return;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      errors.add("config file " + name + ": invalid YAML" + where + ": " + e.getOriginalMessage());
      return;
    } catch (IOException e) {
      errors.add("config file " + name + ": cannot read it: " + e.getMessage());
      return;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return; // An empty file means "all defaults".
    }
    if (!root.isObject()) {
      errors.add("config file " + name + ": expected a mapping of keys at the top level");
      return;
    }
    walk(root, "", "config file " + name);
  }

  private void walk(JsonNode node, String prefix, String source) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      Optional<ConfigKey> key = ConfigKey.byPath(path);
      if (key.isEmpty()) {
        if (value.isObject() && isSection(path)) {
          walk(value, path, source);
        } else {
          errors.add(path + ": unknown key in " + source + " (known keys: " + knownKeys() + ")");
        }
        continue;
      }
      if (value.isNull()) {
        continue; // "key:" with nothing after it keeps the default.
      }
      if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
        values.put(key.get(), new Raw(String.join(",", items), Optional.of(items), source));
      } else if (value.isValueNode()) {
        values.put(key.get(), Raw.scalar(value.asText(), source));
      } else {
        errors.add(path + ": expected a single value in " + source + ", got a mapping");
      }
    }
  }

  private static boolean isSection(String path) {
    return Arrays.stream(ConfigKey.values()).anyMatch(k -> k.path().startsWith(path + "."));
  }

  private static String knownKeys() {
    return Arrays.stream(ConfigKey.values()).map(ConfigKey::path).collect(Collectors.joining(", "));
  }

  private AevumConfig build() {
    AevumConfig.Grpc grpc =
        new AevumConfig.Grpc(address(ConfigKey.GRPC_IP), intIn(ConfigKey.GRPC_PORT, 0, 65535));
    AevumConfig.Database database =
        new AevumConfig.Database(
            postgresUrl(ConfigKey.DATABASE_URL),
            text(ConfigKey.DATABASE_USER),
            text(ConfigKey.DATABASE_PASSWORD),
            intIn(ConfigKey.DATABASE_MAX_POOL_SIZE, 1, 1000),
            atLeast(ConfigKey.DATABASE_CONNECTION_TIMEOUT, Duration.ofMillis(250)));
    AevumConfig.Cluster cluster =
        new AevumConfig.Cluster(intIn(ConfigKey.NUM_HISTORY_SHARDS, 1, 16384));
    AevumConfig.Bootstrap bootstrap =
        new AevumConfig.Bootstrap(namespaces(ConfigKey.BOOTSTRAP_NAMESPACES));
    AevumConfig.Log log = new AevumConfig.Log(logLevel(ConfigKey.LOG_LEVEL));
    AevumConfig.Metrics metrics = new AevumConfig.Metrics(optionalPort(ConfigKey.METRICS_PORT));
    AevumConfig.Security security =
        new AevumConfig.Security(tls(), apiKeys(ConfigKey.AUTH_API_KEYS));
    AevumConfig.Shutdown shutdown =
        new AevumConfig.Shutdown(duration(ConfigKey.SHUTDOWN_DRAIN_TIMEOUT));
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new AevumConfig(grpc, database, cluster, bootstrap, log, metrics, security, shutdown);
  }

  // --- typed readers: each records an error naming the key and returns a harmless fallback ---

  private String text(ConfigKey key) {
    Raw raw = values.get(key);
    if (raw == null) {
      return key.defaultValue();
    }
    if (raw.list().isPresent()) {
      error(key, raw, "expected a single value, got a list");
    }
    return raw.text();
  }

  private String address(ConfigKey key) {
    String value = text(key).trim();
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      error(key, values.get(key), "expected an IP address or host name, got '" + value + "'");
    }
    return value;
  }

  /** Empty for "not set"; otherwise a port from 0 to 65535. */
  private OptionalInt optionalPort(ConfigKey key) {
    if (text(key).trim().isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(intIn(key, 0, 65535));
  }

  private int intIn(ConfigKey key, int min, int max) {
    String value = text(key).trim();
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    error(
        key,
        values.get(key),
        "expected an integer from " + min + " to " + max + ", got '" + value + "'");
    return min;
  }

  private String postgresUrl(ConfigKey key) {
    String value = text(key).trim();
    if (value.isEmpty()) {
      errors.add(
          key.path()
              + ": required; set it in the config file or with "
              + key.envVar()
              + " (e.g. jdbc:postgresql://127.0.0.1:5432/aevum)");
    } else if (!value.startsWith("jdbc:postgresql:")) {
      error(
          key,
          values.get(key),
          "expected a PostgreSQL JDBC URL like jdbc:postgresql://127.0.0.1:5432/aevum,"
              + " got '"
              + value
              + "'");
    }
    return value;
  }

  private List<String> namespaces(ConfigKey key) {
    Raw raw = values.get(key);
    if (raw == null) {
      return List.of();
    }
    List<String> names = raw.list().orElseGet(() -> Arrays.asList(raw.text().split(",", -1)));
    List<String> result = new ArrayList<>();
    for (String name : names) {
      String trimmed = name.trim();
      if (trimmed.isEmpty() && raw.list().isEmpty() && names.size() == 1) {
        continue; // An empty variable means "none".
      }
      NamespaceNames.problem(trimmed)
          .ifPresentOrElse(
              p -> error(key, raw, p),
              () -> {
                if (!result.contains(trimmed)) {
                  result.add(trimmed);
                }
              });
    }
    return result;
  }

  /** Certificate and key together, or neither; a client CA only with them. */
  private Optional<ServerTls> tls() {
    String cert = text(ConfigKey.TLS_CERT_FILE).trim();
    String key = text(ConfigKey.TLS_KEY_FILE).trim();
    String clientCa = text(ConfigKey.TLS_CLIENT_CA_FILE).trim();
    if (cert.isEmpty() && key.isEmpty()) {
      if (!clientCa.isEmpty()) {
        error(
            ConfigKey.TLS_CLIENT_CA_FILE,
            values.get(ConfigKey.TLS_CLIENT_CA_FILE),
            "needs tls.certFile and tls.keyFile: mutual TLS is TLS with client certificates");
      }
      return Optional.empty();
    }
    if (cert.isEmpty() || key.isEmpty()) {
      ConfigKey missing = cert.isEmpty() ? ConfigKey.TLS_CERT_FILE : ConfigKey.TLS_KEY_FILE;
      ConfigKey given = cert.isEmpty() ? ConfigKey.TLS_KEY_FILE : ConfigKey.TLS_CERT_FILE;
      error(
          missing, values.get(given), "required when " + given.path() + " is set (TLS needs both)");
      return Optional.empty();
    }
    return Optional.of(
        new ServerTls(
            Path.of(cert),
            Path.of(key),
            clientCa.isEmpty() ? Optional.empty() : Optional.of(Path.of(clientCa))));
  }

  private List<String> apiKeys(ConfigKey key) {
    Raw raw = values.get(key);
    if (raw == null) {
      return List.of();
    }
    List<String> keys = raw.list().orElseGet(() -> Arrays.asList(raw.text().split(",", -1)));
    List<String> result = new ArrayList<>();
    for (String k : keys) {
      String trimmed = k.trim();
      if (trimmed.isEmpty()) {
        if (raw.list().isPresent() || keys.size() > 1) {
          error(key, raw, "an API key must not be empty");
        }
        continue; // an empty variable means "no keys"
      }
      result.add(trimmed);
    }
    return result;
  }

  private LogLevel logLevel(ConfigKey key) {
    String value = text(key);
    return LogLevel.parse(value)
        .orElseGet(
            () -> {
              error(
                  key,
                  values.get(key),
                  "expected one of debug, info, warn, error, off, got '" + value + "'");
              return LogLevel.INFO;
            });
  }

  private Duration duration(ConfigKey key) {
    String value = text(key);
    return Durations.parse(value)
        .orElseGet(
            () -> {
              error(
                  key,
                  values.get(key),
                  "expected a duration like 500ms, 10s, 2m or 1h, got '" + value + "'");
              return Duration.ZERO;
            });
  }

  private Duration atLeast(ConfigKey key, Duration min) {
    Duration value = duration(key);
    if (value.compareTo(min) < 0
        && errors.stream().noneMatch(e -> e.startsWith(key.path() + ":"))) {
      error(
          key,
          values.get(key),
          "must be at least " + min.toMillis() + "ms, got '" + text(key) + "'");
      return min;
    }
    return value.compareTo(min) < 0 ? min : value;
  }

  private void error(ConfigKey key, Raw raw, String problem) {
    String from = raw == null ? "default" : raw.source();
    errors.add(key.path() + ": " + problem + " (from " + from + ")");
  }
}
