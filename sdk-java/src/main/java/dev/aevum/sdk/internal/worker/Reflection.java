package dev.aevum.sdk.internal.worker;

/** Rethrows what user code threw, unchanged, so failure types survive reflection. */
final class Reflection {
  private Reflection() {}

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("checked exception from user code: " + t, t);
  }
}
