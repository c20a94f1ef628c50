package dev.aevum.server.frontend.internal.tasks;

import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.ServerFailureInfo;
import java.nio.charset.StandardCharsets;

/** Server-made failures that replace oversized ones, as Temporal's frontend does. */
public final class Failures {
  public static final String COMPLETE_RESULT_EXCEEDS_LIMIT = "Complete result exceeds size limit.";
  public static final String FAILURE_EXCEEDS_LIMIT = "Failure exceeds size limit.";
  public static final String CANCEL_DETAILS_EXCEED_LIMIT = "Cancel details exceed size limit.";
  public static final String HEARTBEAT_EXCEEDS_LIMIT = "Heartbeat details exceed size limit.";

  /** How deep a truncated failure's cause chain may go. */
  static final int MAX_DEPTH = 20;

  private Failures() {}

  public static Failure server(String message, boolean nonRetryable) {
    return Failure.newBuilder()
        .setMessage(message)
        .setServerFailureInfo(ServerFailureInfo.newBuilder().setNonRetryable(nonRetryable))
        .build();
  }

  /** A server failure for an oversized one, keeping a truncated copy as its cause. */
  public static Failure exceedsLimit(Failure original, int keepBytes) {
    return server(FAILURE_EXCEEDS_LIMIT, true).toBuilder()
        .setCause(truncate(original, keepBytes))
        .build();
  }

  /**
   * Keeps type, source, message and stack trace (in that order of importance) within about maxSize
   * bytes.
   */
  static Failure truncate(Failure failure, int maxSize) {
    return truncate(failure, new int[] {maxSize}, MAX_DEPTH);
  }

  private static Failure truncate(Failure failure, int[] budget, int depth) {
    Failure.Builder out = Failure.newBuilder();
    if (failure.hasApplicationFailureInfo()) {
      ApplicationFailureInfo info = failure.getApplicationFailureInfo();
      out.setApplicationFailureInfo(
          ApplicationFailureInfo.newBuilder()
              .setNonRetryable(info.getNonRetryable())
              .setType(take(info.getType(), budget)));
      budget[0] -= 8;
    } else if (failure.hasServerFailureInfo()) {
      out.setServerFailureInfo(failure.getServerFailureInfo());
      budget[0] -= 4;
    }
    out.setSource(take(failure.getSource(), budget));
    out.setMessage(take(failure.getMessage(), budget));
    out.setStackTrace(take(failure.getStackTrace(), budget));
    if (failure.hasCause() && budget[0] > 4 && depth > 0) {
      budget[0] -= 4;
      out.setCause(truncate(failure.getCause(), budget, depth - 1));
    }
    return out.build();
  }

  private static String take(String s, int[] budget) {
    String kept = truncateUtf8(s, Math.max(0, budget[0]));
    budget[0] -= kept.getBytes(StandardCharsets.UTF_8).length;
    if (!kept.isEmpty()) {
      budget[0] -= 4;
    }
    return kept;
  }

  private static String truncateUtf8(String s, int maxBytes) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return s;
    }
    int end = maxBytes;
    // Do not cut a multi-byte character in half.
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
