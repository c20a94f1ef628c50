package dev.aevum.server.frontend;

import dev.aevum.persistence.Persistence;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import java.time.Clock;
import java.util.List;

/** The frontend role. Placeholder until it is written. */
public final class FrontendRole implements AutoCloseable {
  private FrontendRole() {}

  public static FrontendRole create(
      FrontendSettings settings, Persistence persistence, Channel history, Channel matching, Clock clock) {
    throw new UnsupportedOperationException("not written yet");
  }

  public List<ServerServiceDefinition> services() {
    throw new UnsupportedOperationException("not written yet");
  }

  public void start() {}

  @Override
  public void close() {}
}
