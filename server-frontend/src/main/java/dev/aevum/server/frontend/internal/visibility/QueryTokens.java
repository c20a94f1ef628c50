package dev.aevum.server.frontend.internal.visibility;

import dev.aevum.server.common.Errors;
import java.util.ArrayList;
import java.util.List;

/** Splits a visibility query into tokens: names, quoted strings, numbers and operators. */
final class QueryTokens {
  enum Kind {
    NAME,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  record Token(Kind kind, String text, int position) {
    boolean is(String keyword) {
      return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
      return kind == Kind.END
          ? "the end of the query"
          : "'" + text + "' at position " + (position + 1);
    }
  }

  private QueryTokens() {}

  static List<Token> of(String query) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < query.length()
            && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(Kind.NAME, query.substring(start, i), start));
      } else if (c == '`') {
        int end = query.indexOf('`', i + 1);
        if (end < 0) {
          throw invalid("the name quoted at position " + (i + 1) + " is not closed with `");
        }
        tokens.add(new Token(Kind.NAME, query.substring(i + 1, end), i));
        i = end + 1;
      } else if (c == '\'' || c == '"') {
        i = string(query, i, tokens);
      } else if (Character.isDigit(c)
          || (c == '-' && i + 1 < query.length() && Character.isDigit(query.charAt(i + 1)))) {
        int start = i++;
        while (i < query.length()
            && (Character.isDigit(query.charAt(i)) || query.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, query.substring(start, i), start));
      } else {
        String two = i + 1 < query.length() ? query.substring(i, i + 2) : "";
        if (two.equals("!=") || two.equals("<>") || two.equals("<=") || two.equals(">=")) {
          tokens.add(new Token(Kind.SYMBOL, two, i));
          i += 2;
        } else if ("=<>(),".indexOf(c) >= 0) {
          tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
          i++;
        } else {
          throw invalid("unexpected character '" + c + "' at position " + (i + 1));
        }
      }
    }
    tokens.add(new Token(Kind.END, "", query.length()));
    return tokens;
  }

  /** A quoted string; the quote is escaped by doubling it or with a backslash. */
  private static int string(String query, int start, List<Token> tokens) {
    char quote = query.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (c == '\\' && i + 1 < query.length()) {
        value.append(query.charAt(i + 1));
        i += 2;
      } else if (c == quote && i + 1 < query.length() && query.charAt(i + 1) == quote) {
        value.append(quote);
        i += 2;
      } else if (c == quote) {
        tokens.add(new Token(Kind.STRING, value.toString(), start));
        return i + 1;
      } else {
        value.append(c);
        i++;
      }
    }
    throw invalid(
        "the string starting at position " + (start + 1) + " is not closed with " + quote);
  }

  static RuntimeException invalid(String problem) {
    return Errors.invalidArgument("invalid query: " + problem);
  }
}
