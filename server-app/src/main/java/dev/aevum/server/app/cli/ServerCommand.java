package dev.aevum.server.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code aevum server}: groups the ways to run a server. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = AevumCommand.Version.class,
    description = "Run an Aevum server.",
    subcommands = {StartDevCommand.class, StartCommand.class, CommandLine.HelpCommand.class})
final class ServerCommand implements Runnable {
  @ParentCommand AevumCommand root;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: use 'start-dev' or 'start'");
  }
}
