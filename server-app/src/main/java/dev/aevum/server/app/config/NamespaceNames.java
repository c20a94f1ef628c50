package dev.aevum.server.app.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** What a namespace name given on the command line or in the configuration may look like. */
public final class NamespaceNames {
  private NamespaceNames() {}

  // Conservative: what every Temporal tool accepts without quoting.
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  /** Why {@code name} is not a valid namespace name, or empty when it is. */
  public static Optional<String> problem(String name) {
    if (VALID.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + name
            + "' is not a valid namespace name (letters, digits, '.', '_', '-';"
            + " starting with a letter or digit; at most 255 characters)");
  }
}
