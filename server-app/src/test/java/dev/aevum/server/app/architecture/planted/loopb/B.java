package dev.aevum.server.app.architecture.planted.loopb;

import dev.aevum.server.app.architecture.planted.loopa.A;

/** Planted for {@code ArchitectureTest}: the other half of a package cycle. */
public final class B {
  public static int back() {
    return A.base();
  }
}
