package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INI text read as Python 3's {@code configparser.ConfigParser()} reads it for Ansible's local
 * facts: sections by name; option names lower-cased; '=' or ':' between name and value; whole-line
 * comments after '#' or ';' (not after a value); a more indented line continues the value; the
 * DEFAULT section's options in every section, after the section's own; {@code %(name)s} and {@code
 * %%} interpolated. A repeated section or option, an option without a value, or text before the
 * first section is a {@link SyntaxException}; a bad interpolation an {@link
 * InterpolationException}, which Ansible does not catch.
 */
final class Ini {
  /** As Python matches it: from the start only, so "[a] b" is the section "a". */
  private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)]");

  private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*[=:]\\s*(?<value>.*)");
  private static final Pattern REFERENCE = Pattern.compile("%\\(([^)]+)\\)s");
  private static final String DEFAULT = "DEFAULT";
  private static final int MAX_DEPTH = 10;

  private Ini() {}

  /** Text ConfigParser cannot read. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  /** A value ConfigParser cannot interpolate. */
  static final class InterpolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InterpolationException(String message) {
      super(message);
    }
  }

  /** The sections, each its options' interpolated values (the DEFAULT section's included). */
  static Map<String, Object> parse(String text) throws SyntaxException {
    Map<String, Map<String, StringBuilder>> sections = new LinkedHashMap<>();
    Map<String, StringBuilder> defaults = new LinkedHashMap<>();
    Set<String> added = new LinkedHashSet<>();
    Map<String, StringBuilder> section = null;
    String sectionName = null;
    String option = null;
    int indent = Integer.MAX_VALUE;
    boolean bad = false;
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
      String value = comment ? "" : stripped;
      if (value.isEmpty()) {
        // an empty line inside a value is kept (a comment line is not)
        if (!comment && section != null && option != null) {
          section.get(option).append('\n');
        }
        continue;
      }
      int lineIndent = line.length() - line.stripLeading().length();
      if (section != null && option != null && lineIndent > indent) {
        section.get(option).append('\n').append(value);
        continue;
      }
      indent = lineIndent;
      Matcher header = SECTION.matcher(value);
      if (header.lookingAt()) {
        sectionName = header.group("header");
        if (sections.containsKey(sectionName)) {
          if (added.contains(sectionName)) {
            throw new SyntaxException("section '" + sectionName + "' already exists");
          }
          section = sections.get(sectionName);
          added.add(sectionName);
        } else if (sectionName.equals(DEFAULT)) {
          section = defaults;
        } else {
          section = new LinkedHashMap<>();
          sections.put(sectionName, section);
          added.add(sectionName);
        }
        option = null;
      } else if (section == null) {
        throw new SyntaxException("no section header before: " + line);
      } else {
        Matcher pair = OPTION.matcher(value);
        if (!pair.matches()) {
          bad = true;
          continue;
        }
        if (pair.group("option").isEmpty()) {
          bad = true;
        }
        option = pair.group("option").stripTrailing().toLowerCase(java.util.Locale.ROOT);
        // a section name and an option name cannot hold '\0' together: one key for both
        if (!added.add(sectionName + '\0' + option)) {
          throw new SyntaxException("option '" + option + "' in section '" + sectionName + "'");
        }
        section.put(option, new StringBuilder(pair.group("value").strip()));
      }
    }
    if (bad) {
      throw new SyntaxException("lines that are neither a section, an option nor a comment");
    }
    Map<String, Object> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, StringBuilder>> entry : sections.entrySet()) {
      Map<String, String> values = new LinkedHashMap<>();
      entry.getValue().forEach((name, raw) -> values.put(name, raw.toString().stripTrailing()));
      defaults.forEach((name, raw) -> values.putIfAbsent(name, raw.toString().stripTrailing()));
      Map<String, Object> options = new LinkedHashMap<>();
      values.forEach(
          (name, raw) -> {
            StringBuilder out = new StringBuilder();
            interpolate(raw, values, out, 1);
            options.put(name, out.toString());
          });
      parsed.put(entry.getKey(), options);
    }
    return parsed;
  }

  /** BasicInterpolation: %% is %, %(name)s the option's value, interpolated in turn. */
  private static void interpolate(
      String rest, Map<String, String> values, StringBuilder out, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InterpolationException("interpolation too deep: " + rest);
    }
    while (!rest.isEmpty()) {
      int percent = rest.indexOf('%');
      if (percent < 0) {
        out.append(rest);
        return;
      }
      out.append(rest, 0, percent);
      rest = rest.substring(percent);
      if (rest.startsWith("%%")) {
        out.append('%');
        rest = rest.substring(2);
      } else if (rest.startsWith("%(")) {
        Matcher reference = REFERENCE.matcher(rest);
        if (!reference.lookingAt()) {
          throw new InterpolationException("bad interpolation variable reference " + rest);
        }
        String name = reference.group(1).toLowerCase(java.util.Locale.ROOT);
        rest = rest.substring(reference.end());
        String value = values.get(name);
        if (value == null) {
          throw new InterpolationException("no option '" + name + "'");
        }
        if (value.contains("%")) {
          interpolate(value, values, out, depth + 1);
        } else {
          out.append(value);
        }
      } else {
        throw new InterpolationException("'%' must be followed by '%' or '(': " + rest);
      }
    }
  }
}
