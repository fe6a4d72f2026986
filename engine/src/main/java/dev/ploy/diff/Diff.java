package dev.ploy.diff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing that would change: a file's content as the text before and after, or one attribute of
 * it ("state: absent" to "state: directory", "mode: 0644" to "mode: 0600").
 *
 * @param subject what changes (a path, a package, a unit)
 * @param before the text before, empty for nothing
 * @param after the text after, empty for nothing
 * @param kind content, content of something that does not exist yet, or one attribute
 * @param attribute the attribute's name for {@link Kind#ATTRIBUTE}, else empty
 */
public record Diff(String subject, String before, String after, Kind kind, String attribute) {

  /** What a diff is of; --diff shows attributes apart from content lines. */
  public enum Kind {
    /** Lines of text: a file's content, a listing. */
    CONTENT,
    /** The content of something that does not exist yet: all additions, shown once. */
    CREATED,
    /** One attribute ({@code name: value}), never a line of the content. */
    ATTRIBUTE
  }

  /** Content lines before and after. */
  public Diff(String subject, String before, String after) {
    this(subject, before, after, Kind.CONTENT, "");
  }

  /** A one-line attribute change: {@code name: before} to {@code name: after}. */
  public static Diff property(String subject, String name, Object before, Object after) {
    return new Diff(
        subject,
        before == null ? "" : name + ": " + before + "\n",
        after == null ? "" : name + ": " + after + "\n",
        Kind.ATTRIBUTE,
        name);
  }

  /** The content of {@code subject}, which does not exist yet. */
  public static Diff created(String subject, String content) {
    return new Diff(subject, "", content, Kind.CREATED, "");
  }

  /** Renders this diff alone as {@code --diff} shows it. */
  public String unified() {
    return render(List.of(this));
  }

  /**
   * Renders diffs as {@code --diff} shows them, one block per subject: its content as a unified
   * diff ({@code --- before: subject}), a subject that does not exist yet headed {@code --- before:
   * subject (absent)}, then its attributes apart from the content under {@code @@ attributes @@},
   * each as {@code -name: before} and {@code +name: after}.
   */
  public static String render(List<Diff> diffs) {
    Map<String, Subject> subjects = new LinkedHashMap<>();
    for (Diff diff : diffs) {
      Subject subject = subjects.computeIfAbsent(diff.subject(), k -> new Subject());
      if (diff.kind() == Kind.ATTRIBUTE) {
        subject.attributes.append(lines('-', diff.before())).append(lines('+', diff.after()));
      } else {
        append(subject.before, diff.before());
        append(subject.after, diff.after());
        subject.created |= diff.kind() == Kind.CREATED;
        subject.content = true;
      }
    }
    StringBuilder out = new StringBuilder();
    subjects.forEach(
        (name, subject) -> {
          if (subject.content) {
            String unified =
                UnifiedDiff.render(name, subject.before.toString(), subject.after.toString());
            out.append(subject.created ? unified.replaceFirst("\n", " (absent)\n") : unified);
          } else {
            out.append("--- before: ").append(name).append('\n');
            out.append("+++ after: ").append(name).append('\n');
          }
          if (subject.attributes.length() > 0) {
            out.append("@@ attributes @@\n").append(subject.attributes);
          }
        });
    return out.toString();
  }

  /**
   * The diff a result carries in diff mode, shaped as an Ansible module returns it: one mapping per
   * subject's content with before, after and their headers (a registered {@code
   * result.diff[0].after}), and one per subject's attributes as the file module returns them:
   * {@code before: {path, mode}}, {@code after: {path, mode}}.
   */
  public static List<Object> ansibleShaped(List<Diff> diffs) {
    List<Object> out = new java.util.ArrayList<>();
    Map<String, Map<String, Object>[]> attributes = new LinkedHashMap<>();
    for (Diff diff : diffs) {
      if (diff.kind() == Kind.ATTRIBUTE) {
        @SuppressWarnings("unchecked")
        Map<String, Object>[] sides =
            attributes.computeIfAbsent(
                diff.subject(),
                subject -> {
                  Map<String, Object> before = new LinkedHashMap<>();
                  Map<String, Object> after = new LinkedHashMap<>();
                  before.put("path", subject);
                  after.put("path", subject);
                  Map<String, Object>[] pair = new Map[] {before, after};
                  out.add(Map.of("before", before, "after", after));
                  return pair;
                });
        diff.value(diff.before()).ifPresent(v -> sides[0].put(diff.attribute(), v));
        diff.value(diff.after()).ifPresent(v -> sides[1].put(diff.attribute(), v));
        continue;
      }
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("before", diff.before());
      one.put("after", diff.after());
      if (diff.kind() != Kind.CREATED) {
        one.put("before_header", diff.subject());
      }
      one.put("after_header", diff.subject());
      out.add(one);
    }
    return out;
  }

  /** An attribute's value in one side's text ("mode: 0644\n" gives 0644), if that side has it. */
  private java.util.Optional<String> value(String side) {
    String prefix = attribute + ": ";
    if (!side.startsWith(prefix)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(side.substring(prefix.length()).stripTrailing());
  }

  private static final class Subject {
    final StringBuilder before = new StringBuilder();
    final StringBuilder after = new StringBuilder();
    final StringBuilder attributes = new StringBuilder();
    boolean created;
    boolean content;
  }

  private static String lines(char sign, String text) {
    if (text.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append(sign).append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static void append(StringBuilder side, String text) {
    if (side.length() > 0 && side.charAt(side.length() - 1) != '\n' && !text.isEmpty()) {
      side.append('\n');
    }
    side.append(text);
  }
}
