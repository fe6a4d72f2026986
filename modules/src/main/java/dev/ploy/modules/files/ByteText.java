package dev.ploy.modules.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes held in a String, one char per byte (ISO-8859-1), so that line edits work on a file's bytes
 * exactly as Ansible's Python does on {@code bytes}: a file that is not UTF-8 survives unchanged,
 * and a pattern's or line's UTF-8 text is matched as its bytes.
 */
final class ByteText {
  private ByteText() {}

  static String of(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Text (as a task gives it) as its UTF-8 bytes. */
  static String ofText(String text) {
    return text == null ? null : of(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(String byteText) {
    return byteText.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Python's {@code bytes.readlines()}: split after each '\n', ends kept. */
  static List<String> readlines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  /** Python's {@code bytes.splitlines(True)}: split after '\n', '\r' or "\r\n", ends kept. */
  static List<String> splitlines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  /** Python's {@code line.rstrip(b'\r\n')}. */
  static String stripEnd(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    return line.substring(0, end);
  }

  static boolean endsWithNewline(String line) {
    return line.endsWith("\n") || line.endsWith("\r");
  }
}
