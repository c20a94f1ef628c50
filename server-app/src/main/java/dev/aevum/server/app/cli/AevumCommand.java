package dev.aevum.server.app.cli;

import dev.aevum.persistence.PersistenceException;
import dev.aevum.server.app.AevumStartupException;
import dev.aevum.server.app.config.ConfigException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aevum}: the root command. */
@Command(
    name = "aevum",
    mixinStandardHelpOptions = true,
    versionProvider = AevumCommand.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Aevum: a durable-execution server speaking Temporal's gRPC API.",
      "",
      "Quick start:  aevum server start-dev",
      "PostgreSQL:   aevum migrate && aevum server start",
      "Details:      docs/operations.md"
    },
    subcommands = {
      ServerCommand.class,
      MigrateCommand.class,
      HealthCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 the command failed (the message says why), 2 bad usage."
    })
public final class AevumCommand implements Runnable {
  /** The command failed; the message printed says why. */
  public static final int EXIT_FAILED = 1;

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  AevumCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Parses and runs a command line; returns the exit code. */
  public static int run(String[] args, Map<String, String> env) {
    return commandLine(env).execute(args);
  }

  /** The configured command line, for {@link #run} and for tests that parse without running. */
  public static CommandLine commandLine(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    CommandLine cli = new CommandLine(new AevumCommand(env));
    cli.setExecutionExceptionHandler(AevumCommand::handleFailure);
    return cli;
  }

  Map<String, String> env() {
    return env;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: use 'server' or 'migrate'");
  }

  /** Known failures print their message alone: it names the problem and the fix. */
  private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof ConfigException
        || e instanceof AevumStartupException
        || e instanceof PersistenceException) {
      err.println("aevum: " + e.getMessage());
    } else if (e instanceof IllegalArgumentException) {
      err.println("aevum: " + e.getMessage());
    } else {
      err.println("aevum: unexpected failure: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_FAILED;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AevumCommand.class.getPackage().getImplementationVersion();
      return new String[] {"aevum " + (version == null ? "(development build)" : version)};
    }
  }
}
