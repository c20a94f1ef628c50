package dev.aevum.server.app.architecture.planted.layers.queue;

/** Planted for {@code ArchitectureTest}: a top layer. */
public final class Outbox {
  public static int drain() {
    return 0;
  }
}
