package dev.aevum.server.app.config;

import java.util.List;

/** The configuration is invalid. Carries every error found, each naming its key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super(format(errors));
    this.errors = List.copyOf(errors);
  }

  /** One line per error, each starting with the key it is about. */
  public List<String> errors() {
    return errors;
  }

  private static String format(List<String> errors) {
    StringBuilder text =
        new StringBuilder("Invalid configuration (")
            .append(errors.size())
            .append(errors.size() == 1 ? " error):" : " errors):");
    for (String error : errors) {
      text.append(System.lineSeparator()).append("  - ").append(error);
    }
    return text.toString();
  }
}
