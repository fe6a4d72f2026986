package dev.ploy.inventory;

import dev.ploy.yaml.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands Ansible host ranges: {@code web[01:20].example.com} (zero padding kept), {@code
 * db-[a:c]}, {@code node[1:10:2]} (a step), several ranges in one name.
 */
final class HostRanges {
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private HostRanges() {}

  /** Whether the name holds a {@code [begin:end]} range. */
  static boolean hasRange(String name) {
    int open = name.indexOf('[');
    if (open < 0) {
      return false;
    }
    int close = name.indexOf(']', open);
    return close > open && name.substring(open, close).indexOf(':') >= 0;
  }

  /** Every host name the pattern stands for, in order; the name itself when it has no range. */
  static List<String> expand(String name, Location where) throws InventoryException {
    List<String> out = new ArrayList<>();
    expandInto(name, where, out);
    return out;
  }

  private static void expandInto(String name, Location where, List<String> out)
      throws InventoryException {
    if (!hasRange(name)) {
      out.add(name);
      return;
    }
    int open = name.indexOf('[');
    int close = name.indexOf(']', open);
    String head = name.substring(0, open);
    String tail = name.substring(close + 1);
    String[] bounds = name.substring(open + 1, close).split(":", -1);
    if (bounds.length != 2 && bounds.length != 3) {
      throw new InventoryException(
          where,
          "host range in '" + name + "' must be [begin:end] or [begin:end:step], e.g. web[01:10]");
    }
    String begin = bounds[0].isEmpty() ? "0" : bounds[0];
    String end = bounds[1];
    if (end.isEmpty()) {
      throw new InventoryException(
          where, "host range in '" + name + "' has no end value; write e.g. [1:10]");
    }
    int step = 1;
    if (bounds.length == 3) {
      step = parseBound(bounds[2], name, where);
      if (step <= 0) {
        throw new InventoryException(
            where, "host range step in '" + name + "' must be a positive number");
      }
    }
    int beginLetter = begin.length() == 1 ? LETTERS.indexOf(begin.charAt(0)) : -1;
    int endLetter = end.length() == 1 ? LETTERS.indexOf(end.charAt(0)) : -1;
    if (beginLetter >= 0 && endLetter >= 0) {
      if (beginLetter > endLetter) {
        throw new InventoryException(
            where, "host range in '" + name + "' must have begin <= end, e.g. [a:c]");
      }
      for (int i = beginLetter; i <= endLetter; i += step) {
        expandInto(head + LETTERS.charAt(i) + tail, where, out);
      }
      return;
    }
    int from = parseBound(begin, name, where);
    int to = parseBound(end, name, where);
    int width = 0;
    if (begin.length() > 1 && begin.charAt(0) == '0') {
      if (begin.length() != end.length()) {
        throw new InventoryException(
            where,
            "host range in '"
                + name
                + "' must give begin and end with the same number of digits, e.g. [01:20]");
      }
      width = begin.length();
    }
    if (from > to) {
      throw new InventoryException(
          where, "host range in '" + name + "' must have begin <= end, e.g. [1:10]");
    }
    for (int i = from; i <= to; i += step) {
      String number = Integer.toString(i);
      while (number.length() < width) {
        number = "0" + number;
      }
      expandInto(head + number + tail, where, out);
    }
  }

  private static int parseBound(String text, String name, Location where)
      throws InventoryException {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new InventoryException(
          where,
          "host range in '"
              + name
              + "' has '"
              + text
              + "', which is neither a number nor a single letter");
    }
  }
}
