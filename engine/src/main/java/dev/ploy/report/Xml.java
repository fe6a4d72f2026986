package dev.ploy.report;

/** Text made safe for XML and HTML: markup escaped, characters XML 1.0 cannot hold dropped. */
final class Xml {
  private Xml() {}

  /** Escapes text for an element's content or a quoted attribute value; newlines are kept. */
  static String escape(String text) {
    if (plain(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (allowed(c)) {
            out.appendCodePoint(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Escapes text for an attribute whose line breaks must survive parsing (as &#10;). */
  static String attribute(String text) {
    return escape(text).replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;");
  }

  /** Whether the text has nothing to escape or drop (the common case, kept fast). */
  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c >= 0xD800) {
        return false;
      }
    }
    return true;
  }

  /**
   * The characters XML 1.0 allows: a control character or a lone surrogate would make it invalid.
   */
  private static boolean allowed(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
