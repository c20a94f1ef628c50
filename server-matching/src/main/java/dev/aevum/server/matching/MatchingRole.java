package dev.aevum.server.matching;

import dev.aevum.persistence.Persistence;
import io.grpc.BindableService;
import io.grpc.Channel;
import java.time.Clock;

/** The matching role. Placeholder until it is written. */
public final class MatchingRole implements AutoCloseable {
  private MatchingRole() {}

  public static MatchingRole create(MatchingSettings settings, Persistence persistence, Channel peer, Clock clock) {
    throw new UnsupportedOperationException("not written yet");
  }

  public BindableService service() {
    throw new UnsupportedOperationException("not written yet");
  }

  public void start() {}

  @Override
  public void close() {}
}
