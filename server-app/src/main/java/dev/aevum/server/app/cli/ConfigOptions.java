package dev.aevum.server.app.cli;

import dev.aevum.persistence.sql.DatabaseConfig;
import dev.aevum.server.app.config.AevumConfig;
import dev.aevum.server.app.config.ConfigKey;
import dev.aevum.server.app.config.ConfigLoader;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that read the configuration ({@code server start}, {@code
 * migrate}).
 */
final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "YAML configuration file (optional: environment variables such as AEVUM_DB_URL,"
              + " AEVUM_DB_USER, AEVUM_DB_PASSWORD suffice). Keys: see docs/operations.md.")
  Path config;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "Log level on stderr: debug, info, warn, error, off (overrides log.level / AEVUM_LOG_LEVEL;"
              + " default: info).")
  String logLevel;

  /**
   * Loads the configuration; options given here win over the environment, which wins over the file.
   */
  AevumConfig load(Map<String, String> env, Map<ConfigKey, String> moreOptions) {
    Map<ConfigKey, String> options = new EnumMap<>(ConfigKey.class);
    options.putAll(moreOptions);
    if (logLevel != null) {
      options.put(ConfigKey.LOG_LEVEL, logLevel);
    }
    return ConfigLoader.load(Optional.ofNullable(config), env, options);
  }

  static DatabaseConfig database(AevumConfig config) {
    AevumConfig.Database db = config.database();
    return new DatabaseConfig(
        DatabaseConfig.Dialect.POSTGRESQL,
        db.url(),
        db.user(),
        db.password(),
        db.maxPoolSize(),
        db.connectionTimeout());
  }
}
