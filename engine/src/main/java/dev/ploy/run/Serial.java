package dev.ploy.run;

import java.util.ArrayList;
import java.util.List;

/** Splits a play's hosts into batches by {@code serial:} (a number, a percentage, or a list). */
final class Serial {
  private Serial() {}

  static <T> List<List<T>> batches(List<T> hosts, List<Object> serial) {
    List<List<T>> batches = new ArrayList<>();
    if (serial.isEmpty() || hosts.isEmpty()) {
      batches.add(hosts);
      return batches;
    }
    int next = 0;
    int step = 0;
    while (next < hosts.size()) {
      Object size = serial.get(Math.min(step, serial.size() - 1));
      int count = size(size, hosts.size());
      batches.add(hosts.subList(next, Math.min(hosts.size(), next + count)));
      next += count;
      step++;
    }
    return batches;
  }

  private static int size(Object value, int total) {
    String text = String.valueOf(value).trim();
    int count;
    if (text.endsWith("%")) {
      double percent = Double.parseDouble(text.substring(0, text.length() - 1));
      count = (int) Math.floor(total * percent / 100.0);
    } else {
      count = (int) Double.parseDouble(text);
    }
    return count <= 0 ? (text.endsWith("%") ? 1 : total) : count;
  }
}
