package dev.aevum.server.app.sdk;

import dev.aevum.server.app.AevumTestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

class HelloWorldSqliteTest extends HelloWorldTestBase {
  @RegisterExtension static final AevumTestServer SERVER = AevumTestServer.sqlite();

  @Override
  AevumTestServer server() {
    return SERVER;
  }
}
