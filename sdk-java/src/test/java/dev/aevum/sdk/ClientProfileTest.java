package dev.aevum.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aevum.sdk.it.TestServerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporal's environment configuration: TOML profiles overridden by TEMPORAL_* variables. */
class ClientProfileTest {
  @TempDir Path dir;

  private Path file(String toml) throws IOException {
    Path file = dir.resolve("temporal.toml");
    Files.writeString(file, toml);
    return file;
  }

  @Test
  void withoutFileOrVariablesTheDefaultsApply() {
    ClientProfile profile =
        ClientProfile.load(Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString()));
    assertThat(profile.name()).isEqualTo("default");
    assertThat(profile.address()).isEqualTo("localhost:7233");
    assertThat(profile.namespace()).isEqualTo("default");
    assertThat(profile.apiKey()).isEmpty();
    assertThat(profile.tls()).isFalse();
    assertThat(profile.connectionOptions().build().target()).isEqualTo("localhost:7233");
  }

  @Test
  void aNamedProfileIsReadAndVariablesWin() throws IOException {
    Path file =
        file(
            """
        [profile.default]
        address = "dev:7233"

        [profile.prod]
        address = "prod.example:7233"
        namespace = "orders"
        api_key = "from-file"

        [profile.prod.grpc_meta]
        x-team = "payments"
        """);
    ClientProfile prod =
        ClientProfile.load(
            Map.of(
                "TEMPORAL_CONFIG_FILE",
                file.toString(),
                "TEMPORAL_PROFILE",
                "prod",
                "TEMPORAL_API_KEY",
                "from-env",
                "TEMPORAL_GRPC_META_X_TENANT",
                "acme"));

    assertThat(prod.address()).isEqualTo("prod.example:7233");
    assertThat(prod.namespace()).isEqualTo("orders");
    assertThat(prod.apiKey()).contains("from-env");
    assertThat(prod.tls()).isTrue(); // an API key turns TLS on unless it is turned off
    ConnectionOptions options = prod.connectionOptions().build();
    assertThat(options.tls()).isTrue();
    assertThat(options.apiKey()).contains("from-env");
    assertThat(options.metadata())
        .containsEntry("x-team", "payments")
        .containsEntry("x-tenant", "acme");
    assertThat(prod.clientOptions().build().namespace()).isEqualTo("orders");

    ClientProfile plain =
        ClientProfile.load(
            Map.of(
                "TEMPORAL_CONFIG_FILE",
                file.toString(),
                "TEMPORAL_PROFILE",
                "prod",
                "TEMPORAL_TLS",
                "false"));
    assertThat(plain.tls()).isFalse();
    assertThat(ClientProfile.load(Map.of("TEMPORAL_CONFIG_FILE", file.toString())).address())
        .isEqualTo("dev:7233");
  }

  @Test
  void tlsMaterialBuildsCredentialsAndServerName() throws IOException {
    Path file =
        file(
            """
        [profile.default]
        address = "secure:7233"
        [profile.default.tls]
        server_name = "aevum.internal"
        server_ca_cert_data = "not a certificate"
        """);
    ClientProfile profile = ClientProfile.load(Map.of("TEMPORAL_CONFIG_FILE", file.toString()));
    assertThat(profile.tls()).isTrue();
    assertThatThrownBy(profile::connectionOptions)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls.server_ca_cert of profile default is not a PEM certificate");

    ClientProfile disabled =
        ClientProfile.load(
            Map.of(
                "TEMPORAL_CONFIG_FILE",
                file("[profile.default.tls]\ndisabled = true\n").toString()));
    assertThat(disabled.tls()).isFalse();
  }

  @Test
  void mistakesAreReportedNamingTheFileAndKey() throws IOException {
    Path file =
        file(
            """
        [profile.default]
        adress = "typo:7233"
        """);
    assertThatThrownBy(() -> ClientProfile.load(Map.of("TEMPORAL_CONFIG_FILE", file.toString())))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown key 'adress'");
    assertThatThrownBy(
            () ->
                ClientProfile.load(
                    Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "staging")))
        .hasMessageContaining("profile 'staging' is not in");
    Path halfCert = file("[profile.default.tls]\nclient_cert_data = \"x\"\n");
    assertThatThrownBy(
            () ->
                ClientProfile.load(Map.of("TEMPORAL_CONFIG_FILE", halfCert.toString()))
                    .connectionOptions())
        .hasMessageContaining("client_cert and client_key go together");
    assertThatThrownBy(
            () ->
                ClientProfile.load(Map.of("TEMPORAL_CONFIG_FILE", file("not = [toml").toString())))
        .hasMessageContaining("cannot read the Temporal configuration file");
    assertThatThrownBy(
            () ->
                ClientProfile.load(
                    Map.of(
                        "TEMPORAL_TLS",
                        "maybe",
                        "TEMPORAL_CONFIG_FILE",
                        dir.resolve("none.toml").toString())))
        .hasMessageContaining("TEMPORAL_TLS: expected true or false");
  }

  @Test
  void aProfileConnectsToARealServer() throws IOException {
    try (TestServerHarness harness = new TestServerHarness()) {
      Path file =
          file("[profile.local]\naddress = \"" + harness.target + "\"\nnamespace = \"default\"\n");
      ClientProfile profile =
          ClientProfile.load(
              Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "local"));
      try (ServiceConnection connection =
          ServiceConnection.connect(profile.connectionOptions().build())) {
        AevumClient client = AevumClient.newInstance(connection, profile.clientOptions().build());
        assertThat(client.options().namespace()).isEqualTo("default");
        assertThat(connection.options().target()).isEqualTo(harness.target);
      }
    }
  }
}
