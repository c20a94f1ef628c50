package dev.aevum.server.frontend;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the frontend role.
 *
 * @param maxIdLength longest accepted namespace, workflow id, type name, task queue name, request
 *     id and identity, in UTF-8 bytes (Temporal's {@code limit.maxIDLength})
 * @param blobSizeLimitError largest accepted payload blob in bytes (Temporal's {@code
 *     limit.blobSize.error})
 * @param blobSizeLimitWarn size an oversized failure is truncated to (Temporal's {@code
 *     limit.blobSize.warn})
 * @param namespaceRefreshInterval how long a cached namespace is trusted before it is read again
 */
public record FrontendSettings(
    int maxIdLength,
    int blobSizeLimitError,
    int blobSizeLimitWarn,
    Duration namespaceRefreshInterval) {

  public FrontendSettings {
    Objects.requireNonNull(namespaceRefreshInterval, "namespaceRefreshInterval");
    if (maxIdLength < 1) {
      throw new IllegalArgumentException("maxIdLength must be at least 1, got " + maxIdLength);
    }
    if (blobSizeLimitError < 1) {
      throw new IllegalArgumentException(
          "blobSizeLimitError must be at least 1, got " + blobSizeLimitError);
    }
    if (blobSizeLimitWarn < 1 || blobSizeLimitWarn > blobSizeLimitError) {
      throw new IllegalArgumentException(
          "blobSizeLimitWarn must be in [1, blobSizeLimitError], got " + blobSizeLimitWarn);
    }
    if (namespaceRefreshInterval.isNegative()) {
      throw new IllegalArgumentException(
          "namespaceRefreshInterval must not be negative, got " + namespaceRefreshInterval);
    }
  }

  /**
   * Temporal's defaults: ids up to 1000 bytes, blobs up to 2 MB (warn at 512 KB), namespaces
   * re-read every 2 s.
   */
  public static FrontendSettings defaults() {
    return new FrontendSettings(1000, 2 * 1024 * 1024, 512 * 1024, Duration.ofSeconds(2));
  }
}
