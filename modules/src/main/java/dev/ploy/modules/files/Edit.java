package dev.ploy.modules.files;

/**
 * The outcome of editing a file's content in memory: the new content (bytes as {@link ByteText}),
 * whether it differs, Ansible's message, and how many lines matched (lineinfile's {@code found}).
 */
public record Edit(String content, boolean changed, String msg, int found) {
  static Edit unchanged(String content, String msg) {
    return new Edit(content, false, msg, 0);
  }

  /**
   * The edit of a module that works on text: {@code text} (written as UTF-8; null: the file stays
   * missing), whether it differs from the file, the message.
   */
  public static Edit ofText(String text, boolean changed, String msg) {
    return new Edit(ByteText.ofText(text), changed, msg, 0);
  }
}
