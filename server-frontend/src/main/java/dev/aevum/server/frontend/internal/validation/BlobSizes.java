package dev.aevum.server.frontend.internal.validation;

import dev.aevum.server.common.Errors;

/** The per-blob size limit (Temporal's limit.blobSize.error). */
public final class BlobSizes {
  private BlobSizes() {}

  public static boolean exceeds(int size, int limit) {
    return size > limit;
  }

  /** Rejects a payload that is larger than the limit, naming the field. */
  public static void check(String field, int size, int limit) {
    if (exceeds(size, limit)) {
      throw Errors.invalidArgument(
          "Blob data size exceeds limit. ("
              + field
              + " is "
              + size
              + " bytes, limit "
              + limit
              + ")");
    }
  }
}
