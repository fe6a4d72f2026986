package dev.ploy.expr;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Jinja2's tests on text and names (lower, upper, callable, filter, test, escaped) and Ansible's on
 * URIs (uri, url, urn, with Python's urlparse rules).
 */
final class TextTests {
  private TextTests() {}

  static void register(Map<String, Predicate<Args>> t) {
    t.put(
        "lower",
        a ->
            a.inputString().equals(a.inputString().toLowerCase(Locale.ROOT))
                && hasCased(a.inputString()));
    t.put(
        "upper",
        a ->
            a.inputString().equals(a.inputString().toUpperCase(Locale.ROOT))
                && hasCased(a.inputString()));
    t.put("callable", a -> a.input() instanceof Invocable);
    t.put("filter", a -> a.input() instanceof String s && Filters.names().contains(s));
    t.put("test", a -> a.input() instanceof String s && Tests.has(s));
    t.put("escaped", a -> false); // ploy has no Markup values: autoescape is off, as in Ansible
    t.put("uri", a -> uri(a.input(), schemes(a)) != null);
    t.put(
        "url",
        a -> {
          String[] parts = uri(a.input(), schemes(a));
          return parts != null && (!parts[1].isEmpty() || parts[0].equals("file"));
        });
    t.put("urn", a -> uri(a.input(), List.of("urn")) != null);
  }

  /** Python's str.islower/isupper need at least one cased character. */
  private static boolean hasCased(String s) {
    return s.codePoints().anyMatch(c -> Character.isUpperCase(c) || Character.isLowerCase(c));
  }

  private static List<Object> schemes(Args a) {
    Object schemes = a.get(0, "schemes", null);
    return schemes == null ? null : Values.iterate(schemes);
  }

  /**
   * urlparse's scheme and netloc when the text is a URI for Ansible's is_uri (any text is, unless
   * schemes are given and its scheme is not one of them); null otherwise.
   */
  private static String[] uri(Object value, List<Object> schemes) {
    if (!(value instanceof String text)) {
      return null;
    }
    String scheme = "";
    String rest = text;
    int colon = text.indexOf(':');
    if (colon > 0 && Character.isLetter(text.charAt(0)) && text.charAt(0) < 128) {
      String candidate = text.substring(0, colon);
      if (candidate
          .chars()
          .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "+-.".indexOf(c) >= 0))) {
        scheme = candidate.toLowerCase(Locale.ROOT);
        rest = text.substring(colon + 1);
      }
    }
    if (schemes != null && !schemes.contains(scheme)) {
      return null;
    }
    String netloc = "";
    if (rest.startsWith("//")) {
      int end = rest.length();
      for (char c : new char[] {'/', '?', '#'}) {
        int i = rest.indexOf(c, 2);
        if (i >= 0 && i < end) {
          end = i;
        }
      }
      netloc = rest.substring(2, end);
    }
    return new String[] {scheme, netloc};
  }
}
