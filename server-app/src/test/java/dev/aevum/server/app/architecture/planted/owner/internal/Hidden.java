package dev.aevum.server.app.architecture.planted.owner.internal;

/** Planted for {@code ArchitectureTest}: an internal class. */
public final class Hidden {
  public static int value() {
    return 1;
  }
}
