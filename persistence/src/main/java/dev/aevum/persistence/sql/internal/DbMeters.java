package dev.aevum.persistence.sql.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Database work by store operation: transactions (a write transaction, or a read in auto-commit
 * mode, is one PostgreSQL transaction) and statements sent (a JDBC batch counts once: it is one
 * round trip). A regression in either shows on {@code /metrics} before it shows in latency.
 */
final class DbMeters {
  private final MeterRegistry registry;
  private final Map<String, Counter> transactions = new ConcurrentHashMap<>();
  private final Map<String, Counter> statements = new ConcurrentHashMap<>();
  private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();

  DbMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void transaction(String operation, boolean write) {
    transactions
        .computeIfAbsent(
            operation + (write ? "/w" : "/r"),
            k ->
                Counter.builder("aevum.persistence.transactions")
                    .description(
                        "Database transactions, by store operation (reads in auto-commit mode count one each)")
                    .tag("operation", operation)
                    .tag("kind", write ? "write" : "read")
                    .register(registry))
        .increment();
  }

  void fallback(String operation) {
    fallbacks
        .computeIfAbsent(
            operation,
            k ->
                Counter.builder("aevum.persistence.fallbacks")
                    .description(
                        "Writes retried statement by statement after their one-round-trip form found a failed"
                            + " condition (expected under contention, a regression when frequent)")
                    .tag("operation", operation)
                    .register(registry))
        .increment();
  }

  /**
   * {@code connection}, counting the statements prepared through it as {@code operation}'s. The
   * store prepares each statement to execute it once (a JDBC batch included), so preparing is
   * counted: only the connection is wrapped, never the statements, whose setters are hot.
   */
  Connection counting(Connection connection, String operation) {
    Counter counter =
        statements.computeIfAbsent(
            operation,
            k ->
                Counter.builder("aevum.persistence.statements")
                    .description(
                        "Statements (and JDBC batches) sent to the database, by store operation")
                    .tag("operation", operation)
                    .register(registry));
    return proxy(
        Connection.class,
        connection,
        (target, method, args) -> {
          if (method.getName().endsWith("Statement")) {
            counter.increment();
          }
          return invoke(target, method, args);
        });
  }

  private interface Handler {
    Object handle(Object target, Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<? super T> type, T target, Handler handler) {
    InvocationHandler h = (self, method, args) -> handler.handle(target, method, args);
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
