package dev.ploy.diff;

/**
 * One thing that would change, as the text before and after: a file's content, or a rendering of
 * state ("state: absent" to "state: directory", "mode: 0644" to "mode: 0600").
 *
 * @param subject what changes (a path, a package, a unit)
 * @param before the text before, empty for nothing
 * @param after the text after, empty for nothing
 */
public record Diff(String subject, String before, String after) {

  /** A one-line property change: {@code name: before} to {@code name: after}. */
  public static Diff property(String subject, String name, Object before, Object after) {
    return new Diff(
        subject,
        before == null ? "" : name + ": " + before + "\n",
        after == null ? "" : name + ": " + after + "\n");
  }

  /** Renders the diff as a unified diff, as {@code --diff} shows it. */
  public String unified() {
    return UnifiedDiff.render(subject, before, after);
  }
}
