package dev.ploy.connection.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an OpenSSH client configuration file ({@code ~/.ssh/config}) that ploy honours:
 * {@code Host} blocks with {@code *}, {@code ?} and {@code !} patterns, and their options. {@code
 * Match} blocks are skipped (they never apply), as are {@code Include} lines.
 */
public final class SshConfig {
  private record Block(List<String> patterns, List<String[]> options) {}

  private final List<Block> blocks;

  private SshConfig(List<Block> blocks) {
    this.blocks = blocks;
  }

  public static SshConfig empty() {
    return new SshConfig(List.of());
  }

  /** Reads the file; a missing or unreadable file is an empty configuration. */
  public static SshConfig load(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      return empty();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return empty();
    }
  }

  public static SshConfig parse(String text) {
    List<Block> blocks = new ArrayList<>();
    // Options before the first Host line apply to every host.
    Block current = new Block(List.of("*"), new ArrayList<>());
    blocks.add(current);
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] pair = SshOptions.splitKeyword(line);
      String keyword = pair[0].toLowerCase(Locale.ROOT);
      if (keyword.equals("host")) {
        current = new Block(SshOptions.splitWords(pair[1]), new ArrayList<>());
        blocks.add(current);
      } else if (keyword.equals("match")) {
        current = new Block(List.of(), new ArrayList<>());
        blocks.add(current);
      } else {
        List<String> words = SshOptions.splitWords(pair[1]);
        String value = words.isEmpty() ? "" : String.join(" ", words);
        current.options().add(new String[] {pair[0], value});
      }
    }
    return new SshConfig(blocks);
  }

  /** The options that apply to {@code host}, the name given to ssh, first value winning. */
  SshOptions lookup(String host) {
    SshOptions options = new SshOptions();
    for (Block block : blocks) {
      if (matches(block.patterns(), host)) {
        for (String[] option : block.options()) {
          options.add(option[0], option[1]);
        }
      }
    }
    return options;
  }

  static boolean matches(List<String> patterns, String host) {
    boolean matched = false;
    for (String pattern : patterns) {
      if (pattern.startsWith("!")) {
        if (glob(pattern.substring(1), host)) {
          return false;
        }
      } else if (glob(pattern, host)) {
        matched = true;
      }
    }
    return matched;
  }

  /** ssh's pattern language: {@code *} is any run of characters, {@code ?} exactly one. */
  static boolean glob(String pattern, String text) {
    return glob(pattern.toLowerCase(Locale.ROOT), 0, text.toLowerCase(Locale.ROOT), 0);
  }

  private static boolean glob(String pattern, int p, String text, int t) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        for (int skip = t; skip <= text.length(); skip++) {
          if (glob(pattern, p + 1, text, skip)) {
            return true;
          }
        }
        return false;
      }
      if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
        return false;
      }
      p++;
      t++;
    }
    return t == text.length();
  }
}
