/**
 * The {@code aevum} program: {@link AevumServer} wires frontend, history and matching by hand on
 * one database, with the internal services in-process and the public ones on Netty (optionally with
 * TLS and API keys), and serves the meters at {@code /metrics}. {@link Main} runs the command line
 * of the {@code cli} package; tests start servers through {@link AevumServer} too. A server that
 * cannot start says why and how to fix it in an {@link AevumStartupException}.
 */
package dev.aevum.server.app;
