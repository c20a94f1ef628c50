package dev.aevum.server.app;

import dev.aevum.server.app.cli.AevumCommand;

/** The {@code aevum} program. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(AevumCommand.run(args, System.getenv()));
  }
}
