package dev.aevum.sdk.internal.replay;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Creates the Java threads that carry workflow code: virtual threads on Java 21+, platform threads
 * on 17. Workflow threads spend nearly all their life parked on a semaphore, so virtual threads let
 * a worker cache many executions without a platform thread (and its stack) each. The SDK compiles
 * with {@code --release 17}, hence the method handles instead of {@code Thread.ofVirtual()}.
 */
final class JavaThreads {
  private static final Optional<VirtualFactory> VIRTUAL = VirtualFactory.find();

  private JavaThreads() {}

  /** Whether workflow threads are virtual threads on this JVM. */
  static boolean virtual() {
    return VIRTUAL.isPresent();
  }

  /** An unstarted daemon thread running {@code body}. */
  static Thread unstarted(String name, Runnable body) {
    if (VIRTUAL.isPresent()) {
      return VIRTUAL.get().unstarted(name, body);
    }
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  /** {@code Thread.isVirtual()} where it exists; false on 17. */
  static boolean isVirtual(Thread thread) {
    return VIRTUAL.map(f -> f.isVirtual(thread)).orElse(false);
  }

  private static final class VirtualFactory {
    private final MethodHandle ofVirtual;
    private final MethodHandle name;
    private final MethodHandle unstarted;
    private final MethodHandle isVirtual;

    private VirtualFactory(
        MethodHandle ofVirtual, MethodHandle name, MethodHandle unstarted, MethodHandle isVirtual) {
      this.ofVirtual = ofVirtual;
      this.name = name;
      this.unstarted = unstarted;
      this.isVirtual = isVirtual;
    }

    static Optional<VirtualFactory> find() {
      if (Runtime.version().feature() < 21) {
        return Optional.empty(); // preview-only on 19 and 20
      }
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
        return Optional.of(
            new VirtualFactory(
                lookup.findStatic(
                    Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder)),
                lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class)),
                lookup.findVirtual(
                    builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class)),
                lookup.findVirtual(
                    Thread.class, "isVirtual", MethodType.methodType(boolean.class))));
      } catch (ReflectiveOperationException e) {
        return Optional.empty();
      }
    }

    Thread unstarted(String threadName, Runnable body) {
      try {
        Object builder = ofVirtual.invoke();
        Object named = name.invoke(builder, threadName);
        return (Thread) unstarted.invoke(named, body);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot create a virtual thread", e);
      }
    }

    boolean isVirtual(Thread thread) {
      try {
        return (boolean) isVirtual.invoke(thread);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("Thread.isVirtual failed", e);
      }
    }
  }
}
