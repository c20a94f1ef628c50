package dev.aevum.server.app.architecture.planted.loopa;

import dev.aevum.server.app.architecture.planted.loopb.B;

/** Planted for {@code ArchitectureTest}: one half of a package cycle. */
public final class A {
  public static int next() {
    return B.back() + 1;
  }

  public static int base() {
    return 0;
  }
}
