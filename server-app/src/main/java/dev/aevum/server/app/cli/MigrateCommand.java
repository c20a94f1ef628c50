package dev.aevum.server.app.cli;

import dev.aevum.persistence.Persistence;
import dev.aevum.persistence.sql.SqlPersistence;
import dev.aevum.server.app.config.AevumConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code aevum migrate}: creates or upgrades the PostgreSQL schema. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    versionProvider = AevumCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Create or upgrade the PostgreSQL schema, then exit.",
      "",
      "Brings the schema to the version this build needs. Safe to run again and from several"
          + " processes at once (a database lock serialises them). Reads the database settings like"
          + " 'server start': --config FILE, then AEVUM_DB_URL, AEVUM_DB_USER, AEVUM_DB_PASSWORD."
          + " Prints one line saying what was done."
    })
final class MigrateCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions;

  @ParentCommand AevumCommand root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AevumConfig config = configOptions.load(root.env(), Map.of());
    Logging.setRootLevel(config.log().level());
    try (Persistence persistence = SqlPersistence.open(ConfigOptions.database(config))) {
      spec.commandLine().getOut().println(persistence.migrate());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
