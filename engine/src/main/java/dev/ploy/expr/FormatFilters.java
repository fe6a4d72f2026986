package dev.ploy.expr;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Filters that lay text out: comment (for {@code {{ ansible_managed | comment }}} headers),
 * truncate, wordwrap, center, wordcount, human_readable, human_to_bytes, strftime.
 */
final class FormatFilters {
  private static final String[] UNITS = {"", "K", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final Pattern SIZE =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([KMGTPEZY]?)(i?)([Bb]?)(?:it|its|ytes?)?\\s*");

  private FormatFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("comment", FormatFilters::comment);
    f.put("truncate", FormatFilters::truncate);
    f.put("wordwrap", FormatFilters::wordwrap);
    f.put("center", FormatFilters::center);
    f.put(
        "wordcount",
        a -> a.inputString().isBlank() ? 0 : a.inputString().strip().split("\\s+").length);
    f.put("human_readable", FormatFilters::humanReadable);
    f.put("human_to_bytes", FormatFilters::humanToBytes);
    f.put("strftime", FormatFilters::strftime);
  }

  /**
   * Ansible's comment filter: the text as a comment block, by default "#" lines around "# text"
   * lines; style c (//), erlang (%), cblock and xml (a beginning and an end line around the block);
   * decoration='; ' also makes the prefix and postfix lines (';'), as in Ansible; prefix, postfix,
   * beginning, end, newline, prefix_count and postfix_count as its keywords.
   */
  private static Object comment(Args a) {
    String style = a.string(0, "style", "plain");
    // beginning, decoration, end of each style, as Ansible's comment_styles
    String[] styled =
        switch (style) {
          case "plain" -> new String[] {"", "# ", ""};
          case "erlang" -> new String[] {"", "% ", ""};
          case "c" -> new String[] {"", "// ", ""};
          case "cblock" -> new String[] {"/*", " * ", " */"};
          case "xml" -> new String[] {"<!--", " - ", "-->"};
          default -> throw new EvalError("comment: unknown style '" + style + "'");
        };
    String decoration = a.string(99, "decoration", styled[1]);
    String newline = a.string(99, "newline", "\n");
    String beginning = a.string(99, "beginning", styled[0]);
    String end = a.string(99, "end", styled[2]);
    String prefix = a.string(99, "prefix", decoration.stripTrailing());
    String postfix = a.string(99, "postfix", decoration.stripTrailing());
    int prefixCount = a.integer(99, "prefix_count", 1);
    int postfixCount = a.integer(99, "postfix_count", 1);
    StringBuilder out = new StringBuilder();
    if (!beginning.isEmpty()) {
      out.append(beginning).append(newline);
    }
    if (!prefix.isEmpty()) {
      String line = prefix.equals(newline) ? newline : prefix + newline;
      out.append(line.repeat(Math.max(0, prefixCount)));
    }
    String text = decoration + a.inputString().replace(newline, newline + decoration);
    // a line that is only the decoration loses its trailing spaces
    out.append(text.replace(decoration + newline, decoration.stripTrailing() + newline));
    for (int k = 0; k < postfixCount; k++) {
      out.append(newline).append(postfix);
    }
    if (!end.isEmpty()) {
      out.append(newline).append(end);
    }
    return out.toString();
  }

  /** Jinja's truncate(length=255, killwords=False, end='...', leeway=5). */
  private static Object truncate(Args a) {
    String text = a.inputString();
    int length = a.integer(0, "length", 255);
    boolean killwords = a.bool(1, "killwords", false);
    String end = a.string(2, "end", "...");
    int leeway = a.integer(3, "leeway", 5);
    if (text.length() <= length + leeway) {
      return text;
    }
    String cut = text.substring(0, Math.max(0, length - end.length()));
    if (!killwords) {
      int space = cut.lastIndexOf(' ');
      if (space >= 0) {
        cut = cut.substring(0, space);
      }
    }
    return cut + end;
  }

  /** Jinja's wordwrap(width=79, break_long_words=True, wrapstring='\n'). */
  private static Object wordwrap(Args a) {
    int width = a.integer(0, "width", 79);
    boolean breakLong = a.bool(1, "break_long_words", true);
    String wrap = a.string(2, "wrapstring", "\n");
    List<String> out = new ArrayList<>();
    for (String paragraph : a.inputString().split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        while (breakLong && word.length() > width) {
          if (line.length() > 0) {
            out.add(line.toString());
            line.setLength(0);
          }
          out.add(word.substring(0, width));
          word = word.substring(width);
        }
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          out.add(line.toString());
          line.setLength(0);
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
      out.add(line.toString());
    }
    return String.join(wrap, out);
  }

  private static Object center(Args a) {
    String text = a.inputString();
    int width = a.integer(0, "width", 80);
    if (text.length() >= width) {
      return text;
    }
    int total = width - text.length();
    // Python puts the odd space on the right when the text's length is even... and on the left
    // when it is odd (str.center)
    int left = total / 2 + (total % 2 == 1 && width % 2 == 1 ? 1 : 0);
    return " ".repeat(left) + text + " ".repeat(total - left);
  }

  /** 1048576 -> "1.00 MB" (isbits: "Mb"; unit='G' forces one), as Ansible's human_readable. */
  private static Object humanReadable(Args a) {
    boolean bits = a.bool(0, "isbits", false);
    String unit = a.string(1, "unit", null);
    if (!Values.isNumeric(a.input())) {
      // Python's TypeError, in the words Ansible's filter wraps it in
      String operation =
          unit == null
              ? "'>=' not supported between instances of"
              : "unsupported operand type(s) for /:";
      throw new EvalError(
          "human_readable() failed on bad input: "
              + operation
              + " '"
              + Values.typeName(a.input())
              + "' and 'int'");
    }
    double value = Values.dbl(a.input());
    int index = 0;
    if (unit != null) {
      String first = unit.toUpperCase(Locale.ROOT).substring(0, 1);
      index = first.equals("B") ? 0 : List.of(UNITS).indexOf(first);
      if (index < 0) {
        throw new EvalError("human_readable: unknown unit '" + unit + "'");
      }
    } else {
      while (index < UNITS.length - 1 && Math.abs(value) >= Math.pow(1024, index + 1)) {
        index++;
      }
    }
    double scaled = value / Math.pow(1024, index);
    String suffix = index == 0 ? (bits ? "bits" : "Bytes") : UNITS[index] + (bits ? "b" : "B");
    return String.format(Locale.ROOT, "%.2f %s", scaled, suffix);
  }

  /**
   * "10M" -> 10485760, "1.5 GB" -> 1610612736 (binary multiples, rounded to a whole number of
   * bytes, as Ansible's).
   */
  private static Object humanToBytes(Args a) {
    String text = a.inputString();
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new EvalError("human_to_bytes: cannot read '" + text + "' as a size (10M, 1.5 GB...)");
    }
    String unit = m.group(2).isEmpty() ? a.string(0, "default_unit", "") : m.group(2);
    int index = List.of(UNITS).indexOf(unit.toUpperCase(Locale.ROOT));
    if (index < 0) {
      throw new EvalError("human_to_bytes: unknown unit '" + unit + "'");
    }
    // rounded half to even, as Python's round(): '0.9' is 1 byte, '0.5' none
    double bytes = Math.rint(Double.parseDouble(m.group(1)) * Math.pow(1024, index));
    return Values.normalize(java.math.BigDecimal.valueOf(bytes).toBigInteger());
  }

  /** '%Y-%m-%d' | strftime(second=epoch, utc=False): a date in the given format. */
  private static Object strftime(Args a) {
    Object second = a.get(0, "second", null);
    boolean utc = a.bool(1, "utc", false);
    Instant instant =
        second == null ? Instant.now() : Instant.ofEpochMilli((long) (Values.dbl(second) * 1000));
    ZonedDateTime time = instant.atZone(utc ? ZoneOffset.UTC : ZoneId.systemDefault());
    return Functions.strftime(time, a.inputString());
  }
}
