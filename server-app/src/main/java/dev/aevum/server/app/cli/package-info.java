/**
 * The {@code aevum} command line, built with picocli: {@link AevumCommand} is the root, with {@code
 * server start} (PostgreSQL), {@code server start-dev} (an embedded store, no setup), {@code
 * migrate} and {@code health} below it. The commands that read the configuration load it through
 * the {@code config} package, and all of them share one logging setup.
 */
package dev.aevum.server.app.cli;
