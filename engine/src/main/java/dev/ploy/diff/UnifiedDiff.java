package dev.ploy.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Unified diffs (as diff -u prints them) of two texts, by longest common subsequence of lines. */
public final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** A unified diff with headers "--- before: subject" and "+++ after: subject". */
  public static String render(String subject, String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Edit> edits = edits(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- before: ").append(subject).append('\n');
    out.append("+++ after: ").append(subject).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).kind == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int lastChange = i;
      while (end < edits.size()) {
        if (edits.get(end).kind != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      appendHunk(out, edits, start, end);
      i = end;
    }
    if (!before.isEmpty() && !before.endsWith("\n") || !after.isEmpty() && !after.endsWith("\n")) {
      out.append("\\ No newline at end of file\n");
    }
    return out.toString();
  }

  private static void appendHunk(StringBuilder out, List<Edit> edits, int start, int end) {
    int oldStart = edits.get(start).oldLine;
    int newStart = edits.get(start).newLine;
    int oldCount = 0;
    int newCount = 0;
    for (int k = start; k < end; k++) {
      char kind = edits.get(k).kind;
      if (kind != '+') {
        oldCount++;
      }
      if (kind != '-') {
        newCount++;
      }
    }
    out.append("@@ -")
        .append(range(oldStart, oldCount))
        .append(" +")
        .append(range(newStart, newCount))
        .append(" @@\n");
    for (int k = start; k < end; k++) {
      out.append(edits.get(k).kind).append(edits.get(k).text).append('\n');
    }
  }

  private static String range(int start, int count) {
    if (count == 0) {
      return (start - 1) + ",0";
    }
    return count == 1 ? String.valueOf(start) : start + "," + count;
  }

  private record Edit(char kind, String text, int oldLine, int newLine) {}

  private static List<Edit> edits(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    int n = a.size() - prefix - suffix;
    int m = b.size() - prefix - suffix;
    int[][] lcs = new int[n + 1][m + 1];
    for (int x = n - 1; x >= 0; x--) {
      for (int y = m - 1; y >= 0; y--) {
        lcs[x][y] =
            a.get(prefix + x).equals(b.get(prefix + y))
                ? lcs[x + 1][y + 1] + 1
                : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
      }
    }
    List<Edit> edits = new ArrayList<>();
    int oldLine = 1;
    int newLine = 1;
    for (int k = 0; k < prefix; k++) {
      edits.add(new Edit(' ', a.get(k), oldLine++, newLine++));
    }
    int x = 0;
    int y = 0;
    while (x < n || y < m) {
      if (x < n && y < m && a.get(prefix + x).equals(b.get(prefix + y))) {
        edits.add(new Edit(' ', a.get(prefix + x), oldLine++, newLine++));
        x++;
        y++;
      } else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) {
        edits.add(new Edit('-', a.get(prefix + x), oldLine++, newLine));
        x++;
      } else {
        edits.add(new Edit('+', b.get(prefix + y), oldLine, newLine++));
        y++;
      }
    }
    for (int k = a.size() - suffix; k < a.size(); k++) {
      edits.add(new Edit(' ', a.get(k), oldLine++, newLine++));
    }
    return edits;
  }

  private static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return Arrays.asList(body.split("\n", -1));
  }
}
