package dev.aevum.server.history;

import dev.aevum.persistence.Persistence;
import io.grpc.BindableService;
import io.grpc.Channel;
import java.time.Clock;

/** The history role. Placeholder until it is written. */
public final class HistoryRole implements AutoCloseable {
  private HistoryRole() {}

  public static HistoryRole create(HistorySettings settings, Persistence persistence, Channel peer, Clock clock) {
    throw new UnsupportedOperationException("not written yet");
  }

  public BindableService service() {
    throw new UnsupportedOperationException("not written yet");
  }

  public void start() {}

  @Override
  public void close() {}
}
