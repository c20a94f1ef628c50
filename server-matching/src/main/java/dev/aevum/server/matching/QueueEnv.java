package dev.aevum.server.matching;

import dev.aevum.persistence.TaskQueueStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every task queue shares: the store, the clock, history, a timer thread (never blocks) and a
 * small pool for blocking work (store calls, settling finished starts).
 */
record QueueEnv(
    MatchingSettings settings,
    TaskQueueStore store,
    Clock clock,
    HistoryStarter history,
    ScheduledExecutorService timers,
    ExecutorService io) {}
