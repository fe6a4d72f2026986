package dev.ploy.modules.files;

/**
 * The outcome of editing a file's content in memory: the new content (bytes as {@link ByteText}),
 * whether it differs, Ansible's message, and how many lines matched (lineinfile's {@code found}).
 */
record Edit(String content, boolean changed, String msg, int found) {
  static Edit unchanged(String content, String msg) {
    return new Edit(content, false, msg, 0);
  }
}
