package dev.aevum.server.app.e2e;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between Aevum and PostgreSQL that a test can break in the two ways that matter for
 * durability:
 *
 * <ul>
 *   <li>{@link #loseCommitAnswers}: the next commits reach the database and are durable, but their
 *       answer ({@code CommandComplete "COMMIT"}) is dropped and the connection cut, so the client
 *       cannot know whether its write happened (an in-doubt commit);
 *   <li>{@link #cut}: every connection breaks and new ones are refused until {@link #restore} (a
 *       network outage).
 * </ul>
 *
 * <p>The server-to-client stream is read as PostgreSQL's wire protocol (a type byte, then a length
 * and a body); clients must connect with {@code sslmode=disable&gssEncMode=disable} so that every
 * server message is framed. The client-to-server stream is copied as is.
 */
final class PostgresFaultProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger commitAnswersToLose = new AtomicInteger();
  private final AtomicInteger commitAnswersLost = new AtomicInteger();
  private volatile boolean cut;
  private volatile boolean closed;

  private PostgresFaultProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "pg-fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to the PostgreSQL server at {@code host:port}. */
  static PostgresFaultProxy to(String host, int port) throws IOException {
    return new PostgresFaultProxy(new InetSocketAddress(host, port));
  }

  /** A PostgreSQL JDBC URL for {@code database} through this proxy. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + listener.getLocalPort()
        + "/"
        + database
        + "?sslmode=disable&gssEncMode=disable";
  }

  /**
   * The next {@code n} commits are made durable by the database, but their answers never arrive.
   */
  void loseCommitAnswers(int n) {
    commitAnswersToLose.addAndGet(n);
  }

  /** Commit answers dropped so far. */
  int commitAnswersLost() {
    return commitAnswersLost.get();
  }

  /** Breaks every connection and refuses new ones until {@link #restore()}. */
  void cut() {
    cut = true;
    open.forEach(PostgresFaultProxy::closeQuietly);
  }

  void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket();
        server.connect(upstream, 5000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        pump("pg-fault-proxy-up", () -> copy(client, server));
        pump("pg-fault-proxy-down", () -> relayAnswers(server, client));
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private interface Pump {
    void run() throws IOException;
  }

  private void pump(String name, Pump pump) {
    Thread thread =
        new Thread(
            () -> {
              try {
                pump.run();
              } catch (IOException e) {
                // a side closed: the other one goes too
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  private void copy(Socket from, Socket to) throws IOException {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } finally {
      closeBoth(from, to);
    }
  }

  /** Forwards the server's messages one by one, dropping a COMMIT's answer when asked to. */
  private void relayAnswers(Socket server, Socket client) throws IOException {
    try {
      DataInputStream in = new DataInputStream(server.getInputStream());
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), 16 * 1024);
      while (true) {
        int type = in.read();
        if (type < 0) {
          return;
        }
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        if (type == 'C' && isCommitTag(body) && takeOne()) {
          commitAnswersLost.incrementAndGet();
          return; // the commit is durable; its answer is lost with the connection
        }
        out.write(type);
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(body);
        if (in.available() == 0) {
          out.flush();
        }
      }
    } finally {
      closeBoth(server, client);
    }
  }

  private static boolean isCommitTag(byte[] body) {
    return new String(body, StandardCharsets.US_ASCII).startsWith("COMMIT\0");
  }

  private boolean takeOne() {
    while (true) {
      int left = commitAnswersToLose.get();
      if (left <= 0) {
        return false;
      }
      if (commitAnswersToLose.compareAndSet(left, left - 1)) {
        return true;
      }
    }
  }

  private void closeBoth(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    open.remove(a);
    open.remove(b);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already broken
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cut();
  }
}
