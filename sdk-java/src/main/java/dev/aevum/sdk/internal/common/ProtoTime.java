package dev.aevum.sdk.internal.common;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** java.time to protobuf and back. */
public final class ProtoTime {
  private ProtoTime() {}

  public static com.google.protobuf.Duration toProto(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }

  public static Duration toJava(com.google.protobuf.Duration d) {
    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  public static Instant toJava(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
