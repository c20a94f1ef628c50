package dev.aevum.server.common;

/** Facts about this cluster that appear on the wire. */
public final class Cluster {
  private Cluster() {}

  /**
   * The cluster name Temporal's dev server uses, reported in errors and namespace replication
   * config.
   */
  public static final String NAME = "active";

  /** The server version reported by GetSystemInfo. */
  public static final String SERVER_VERSION = "1.29.0";
}
