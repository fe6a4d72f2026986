package dev.ploy.modules.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package a pip task names: {@code name}, {@code name==1.0}, {@code name[extra]>=1,<2}; or
 * something pip alone can resolve (a path, a URL), which is not predicted.
 */
record Requirement(String text, String name, List<String[]> clauses) {
  private static final Pattern FORM =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*(.*)");
  private static final Pattern CLAUSE =
      Pattern.compile("\\s*(===|==|!=|>=|<=|~=|>|<)\\s*(\\S+)\\s*");

  /** Parses a requirement; null when it is not a plain name with version clauses. */
  static Requirement parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches() || text.contains("/") || text.contains("@") || text.contains(";")) {
      return null;
    }
    List<String[]> clauses = new ArrayList<>();
    if (!m.group(3).isBlank()) {
      for (String part : m.group(3).split(",")) {
        Matcher c = CLAUSE.matcher(part);
        if (!c.matches()) {
          return null;
        }
        clauses.add(new String[] {c.group(1), c.group(2)});
      }
    }
    return new Requirement(text.strip(), normalize(m.group(1)), clauses);
  }

  /** PEP 503: lower case, runs of '-', '_' and '.' as one '-'. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  /** Whether an installed version satisfies every clause. */
  boolean satisfiedBy(String installed) {
    for (String[] clause : clauses) {
      int cmp = compare(installed, clause[1]);
      boolean ok =
          switch (clause[0]) {
            case "==" ->
                clause[1].endsWith(".*")
                    ? (installed + ".").startsWith(clause[1].substring(0, clause[1].length() - 1))
                    : cmp == 0;
            case "===" -> installed.equals(clause[1]);
            case "!=" -> cmp != 0;
            case ">=" -> cmp >= 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case "<" -> cmp < 0;
            case "~=" -> cmp >= 0 && compatible(installed, clause[1]);
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Compares dotted versions numerically where both parts are numbers (1.10 > 1.9, 1.0 == 1). */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String p = i < x.length ? x[i] : "0";
      String q = i < y.length ? y[i] : "0";
      int c =
          p.matches("\\d+") && q.matches("\\d+")
              ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q))
              : p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static boolean compatible(String installed, String spec) {
    String[] parts = spec.split("\\.");
    if (parts.length < 2) {
      return true;
    }
    String prefix = String.join(".", java.util.Arrays.copyOf(parts, parts.length - 1)) + ".";
    return (installed + ".").startsWith(prefix);
  }
}
