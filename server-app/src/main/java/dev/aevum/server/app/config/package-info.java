/**
 * The configuration of {@code aevum server start} and {@code aevum migrate} as one typed tree,
 * {@link AevumConfig}, which {@link ConfigLoader} builds from defaults, a YAML file, environment
 * variables and command-line options, in increasing precedence. {@link ConfigKey} lists every key
 * with its environment variable and default (the table in docs/operations.md), and all problems are
 * reported at once in one {@link ConfigException}, each naming its key.
 */
package dev.aevum.server.app.config;
