package dev.aevum.server.history.internal.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Wakes long polls waiting for a run's history or state to change. */
public final class RunWatchers {
  private final Map<RunKey, List<Runnable>> watchers = new ConcurrentHashMap<>();

  /** Runs {@code onChange} once, at the run's next commit. */
  public void watch(RunKey key, Runnable onChange) {
    watchers.compute(
        key,
        (k, list) -> {
          List<Runnable> l = list == null ? new ArrayList<>() : list;
          l.add(onChange);
          return l;
        });
  }

  public void unwatch(RunKey key, Runnable onChange) {
    watchers.computeIfPresent(
        key,
        (k, list) -> {
          list.remove(onChange);
          return list.isEmpty() ? null : list;
        });
  }

  /** How many calls wait for a run to change at the moment (history long polls, early queries). */
  public int waiting() {
    // A gauge: a size read while a list changes may be off by one for that moment.
    return watchers.values().stream().mapToInt(List::size).sum();
  }

  public void changed(RunKey key) {
    List<Runnable> list = watchers.remove(key);
    if (list != null) {
      list.forEach(Runnable::run);
    }
  }
}
