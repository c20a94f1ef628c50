package dev.aevum.server.app.architecture.planted.intruder;

import dev.aevum.server.app.architecture.planted.owner.internal.Hidden;

/** Planted for {@code ArchitectureTest}: reaches into another package's internals. */
public final class Intruder {
  public static int peek() {
    return Hidden.value();
  }
}
