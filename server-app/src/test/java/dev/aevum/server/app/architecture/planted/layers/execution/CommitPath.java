package dev.aevum.server.app.architecture.planted.layers.execution;

import dev.aevum.server.app.architecture.planted.layers.queue.Outbox;

/** Planted for {@code ArchitectureTest}: the bottom layer reaching up. */
public final class CommitPath {
  public static int commit() {
    return Outbox.drain();
  }
}
