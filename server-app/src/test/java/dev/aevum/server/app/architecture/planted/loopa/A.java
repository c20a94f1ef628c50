package dev.aevum.server.app.architecture.planted.loopa;

/** Planted for {@code ArchitectureTest}: one half of a package cycle. */
public final class A {
  public static int next() {
    return dev.aevum.server.app.architecture.planted.loopb.B.back() + 1;
  }

  public static int base() {
    return 0;
  }
}
