package dev.ploy.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates Ansible host patterns against an inventory, in Ansible's order: plain terms first
 * (union, in the order given), then {@code &} terms (intersection), then {@code !} terms
 * (exclusion); with only {@code &}/{@code !} terms the base is {@code all}.
 */
final class HostPatterns {
  private static final Pattern TERM = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");
  private static final Pattern IPV6 =
      Pattern.compile("^\\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\\]?$");
  private static final Pattern SUBSCRIPT =
      Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");

  private final Inventory inventory;

  HostPatterns(Inventory inventory) {
    this.inventory = inventory;
  }

  /** Splits {@code a:b,c:&d:!e} into terms, leaving IPv6 addresses and [x:y] subscripts whole. */
  static List<String> split(String pattern) {
    List<String> terms = new ArrayList<>();
    if (pattern == null) {
      return terms;
    }
    for (String piece : pattern.split(",")) {
      String trimmed = piece.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (IPV6.matcher(trimmed).matches() || trimmed.startsWith("~")) {
        terms.add(trimmed);
        continue;
      }
      Matcher m = TERM.matcher(trimmed);
      while (m.find()) {
        terms.add(m.group());
      }
    }
    return terms;
  }

  /** The terms of a --limit value; {@code @FILE} stands for the patterns in FILE, one a line. */
  static List<String> limitTerms(String pattern) throws InventoryException {
    List<String> terms = new ArrayList<>();
    for (String term : split(pattern)) {
      if (!term.startsWith("@")) {
        terms.add(term);
        continue;
      }
      Path file = Path.of(term.substring(1));
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new InventoryException(
            "limit file " + file + " not found; give --limit @PATH to a file with one host a line");
      } catch (IOException e) {
        throw new InventoryException("cannot read limit file " + file + ": " + e.getMessage(), e);
      }
      for (String line : lines) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          terms.add(trimmed);
        }
      }
    }
    return terms;
  }

  List<Host> select(List<String> terms) throws InventoryException {
    List<String> ordered = new ArrayList<>();
    List<String> ands = new ArrayList<>();
    List<String> nots = new ArrayList<>();
    for (String term : terms) {
      if (term.startsWith("&")) {
        ands.add(term);
      } else if (term.startsWith("!")) {
        nots.add(term);
      } else {
        ordered.add(term);
      }
    }
    if (ordered.isEmpty() && !(ands.isEmpty() && nots.isEmpty())) {
      ordered.add("all");
    }
    ordered.addAll(ands);
    ordered.addAll(nots);
    Set<Host> hosts = new LinkedHashSet<>();
    for (String term : ordered) {
      if (term.startsWith("&")) {
        hosts.retainAll(new LinkedHashSet<>(matchOne(term.substring(1))));
      } else if (term.startsWith("!")) {
        matchOne(term.substring(1)).forEach(hosts::remove);
      } else {
        hosts.addAll(matchOne(term));
      }
    }
    return List.copyOf(hosts);
  }

  private List<Host> matchOne(String term) throws InventoryException {
    if (term.isEmpty()) {
      return List.of();
    }
    String expr = term;
    Integer start = null;
    Integer end = null;
    boolean range = false;
    if (!term.startsWith("~")) {
      Matcher m = SUBSCRIPT.matcher(term);
      if (m.matches()) {
        expr = m.group(1);
        if (m.group(2) != null) {
          start = Integer.valueOf(m.group(2));
        } else {
          range = true;
          start = Integer.valueOf(m.group(3));
          end = m.group(5).isEmpty() ? -1 : Integer.valueOf(m.group(5));
        }
      }
    }
    List<Host> hosts = enumerate(expr);
    if (start == null) {
      return hosts;
    }
    int size = hosts.size();
    if (range && end != 0) {
      int last = end == -1 ? size - 1 : Math.min(end, size - 1);
      return start > last ? List.of() : hosts.subList(start, last + 1);
    }
    int index = start < 0 ? size + start : start;
    return index >= 0 && index < size ? List.of(hosts.get(index)) : List.of();
  }

  private List<Host> enumerate(String expr) throws InventoryException {
    Pattern matcher = compile(expr);
    Set<Host> out = new LinkedHashSet<>();
    boolean groupMatched = false;
    for (String group : inventory.groupNamesInOrder()) {
      if (matches(matcher, expr, group)) {
        groupMatched = true;
        out.addAll(inventory.hostsOf(group));
      }
    }
    boolean special =
        expr.startsWith("~")
            || expr.contains(".")
            || expr.contains("?")
            || expr.contains("*")
            || expr.contains("[");
    if (!groupMatched || special) {
      for (Host host : inventory.hosts()) {
        if (matches(matcher, expr, host.name())) {
          out.add(host);
        }
      }
    }
    if (out.isEmpty() && Inventory.LOCALHOST_NAMES.contains(expr)) {
      inventory.host(expr).ifPresent(out::add);
    }
    return new ArrayList<>(out);
  }

  private static boolean matches(Pattern matcher, String expr, String name) {
    if (expr.startsWith("~")) {
      return matcher.matcher(name).lookingAt();
    }
    return matcher.matcher(name).matches();
  }

  private static Pattern compile(String expr) throws InventoryException {
    if (expr.startsWith("~")) {
      try {
        return Pattern.compile(expr.substring(1));
      } catch (PatternSyntaxException e) {
        throw new InventoryException(
            "invalid regular expression in host pattern '"
                + expr
                + "': "
                + e.getDescription()
                + "; after ~ write a regex such as ~web\\d+");
      }
    }
    return Pattern.compile(globToRegex(expr), Pattern.DOTALL);
  }

  /** fnmatch: * any text, ? one character, [abc] / [!abc] a set; everything else literal. */
  static String globToRegex(String glob) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      if (c == '*') {
        out.append(".*");
      } else if (c == '?') {
        out.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < glob.length() && glob.charAt(j) == '!') {
          j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
          j++;
        }
        while (j < glob.length() && glob.charAt(j) != ']') {
          j++;
        }
        if (j >= glob.length()) {
          out.append("\\[");
        } else {
          String set = glob.substring(i, j).replace("\\", "\\\\");
          i = j + 1;
          if (set.startsWith("!")) {
            set = "^" + set.substring(1);
          } else if (set.startsWith("^")) {
            set = "\\" + set;
          }
          out.append('[').append(set.replace("[", "\\[").replace("&&", "\\&\\&")).append(']');
        }
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
