package dev.aevum.persistence;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One value of a custom search attribute, as visibility stores it: Keyword, Text and each element
 * of a KeywordList as text; Int, Double, Bool (0 or 1) and Datetime (epoch milliseconds) as a
 * number.
 *
 * @param kind the search attribute's type name (Keyword, Text, KeywordList, Int, Double, Bool,
 *     Datetime)
 */
public record VisibilityAttribute(
    String name, String kind, Optional<String> text, OptionalDouble number) {

  public VisibilityAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(number, "number");
    if (text.isPresent() == number.isPresent()) {
      throw new IllegalArgumentException(
          "search attribute " + name + " needs exactly one of text and number");
    }
  }

  public static VisibilityAttribute text(String name, String kind, String value) {
    return new VisibilityAttribute(name, kind, Optional.of(value), OptionalDouble.empty());
  }

  public static VisibilityAttribute number(String name, String kind, double value) {
    return new VisibilityAttribute(name, kind, Optional.empty(), OptionalDouble.of(value));
  }
}
