package dev.aevum.server.app;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the public gRPC endpoint, from PEM files.
 *
 * @param certFile the server's certificate chain
 * @param keyFile its private key (PKCS#8)
 * @param clientCaFile when present, clients must present a certificate this CA signed (mutual TLS)
 */
public record ServerTls(Path certFile, Path keyFile, Optional<Path> clientCaFile) {
  public ServerTls {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(clientCaFile, "clientCaFile");
  }
}
