package dev.ploy.connection.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The parts of an OpenSSH client configuration file ({@code ~/.ssh/config}) that ploy honours:
 * {@code Host} blocks with {@code *}, {@code ?} and {@code !} patterns, and their options; {@code
 * Include} of other files (globs, paths relative to the including file's directory, in ssh's order,
 * applying only where the Include line applies). {@code Match} blocks are skipped (they never
 * apply).
 */
public final class SshConfig {
  /** OpenSSH's limit on nested Include lines. */
  private static final int MAX_DEPTH = 16;

  /** Options that apply to a host matching every one of {@code conditions} (pattern lists). */
  private record Block(List<List<String>> conditions, List<String[]> options) {}

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
      return parse(
          Files.readString(file, StandardCharsets.UTF_8), file.toAbsolutePath().getParent());
    } catch (IOException e) {
      return empty();
    }
  }

  /** Parses configuration text whose relative Include paths are relative to ~/.ssh. */
  public static SshConfig parse(String text) {
    return parse(text, Path.of(System.getProperty("user.home"), ".ssh"));
  }

  static SshConfig parse(String text, Path directory) {
    List<Block> blocks = new ArrayList<>();
    read(text, directory, List.of(), blocks, 0);
    return new SshConfig(blocks);
  }

  /**
   * Adds the blocks of {@code text} to {@code blocks}; each holds {@code outer}'s conditions (those
   * of the Include line that brought the text in) and its own Host patterns.
   */
  private static void read(
      String text, Path directory, List<List<String>> outer, List<Block> blocks, int depth) {
    // Options before the first Host line apply wherever the text applies.
    Block current = new Block(outer, new ArrayList<>());
    blocks.add(current);
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] pair = SshOptions.splitKeyword(line);
      String keyword = pair[0].toLowerCase(Locale.ROOT);
      if (keyword.equals("host")) {
        current = new Block(with(outer, SshOptions.splitWords(pair[1])), new ArrayList<>());
        blocks.add(current);
      } else if (keyword.equals("match")) {
        current = new Block(with(outer, List.of()), new ArrayList<>());
        blocks.add(current);
      } else if (keyword.equals("include")) {
        if (depth < MAX_DEPTH) {
          for (Path included : included(SshOptions.splitWords(pair[1]), directory)) {
            read(readOrEmpty(included), directory, current.conditions(), blocks, depth + 1);
          }
        }
        current = new Block(current.conditions(), new ArrayList<>());
        blocks.add(current);
      } else {
        List<String> words = SshOptions.splitWords(pair[1]);
        String value = words.isEmpty() ? "" : String.join(" ", words);
        current.options().add(new String[] {pair[0], value});
      }
    }
  }

  private static List<List<String>> with(List<List<String>> outer, List<String> patterns) {
    List<List<String>> all = new ArrayList<>(outer);
    all.add(patterns);
    return List.copyOf(all);
  }

  /**
   * The files an Include line names: ~ expanded, relative to {@code directory}, wildcards in the
   * file name (not in directories) matched and sorted.
   */
  static List<Path> included(List<String> words, Path directory) {
    List<Path> files = new ArrayList<>();
    for (String word : words) {
      String expanded =
          word.startsWith("~/") ? System.getProperty("user.home") + word.substring(1) : word;
      Path path = directory.resolve(expanded);
      if (!expanded.contains("*") && !expanded.contains("?")) {
        files.add(path);
        continue;
      }
      Path parent = path.getParent();
      String pattern = path.getFileName().toString();
      try (Stream<Path> listing = Files.list(parent)) {
        listing
            .filter(p -> visible(pattern, p.getFileName().toString()))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        // a directory that is not there includes nothing, as in ssh
      }
    }
    return files;
  }

  /** glob(3): the name matches, and a leading dot is matched only by a leading dot. */
  private static boolean visible(String pattern, String name) {
    return glob(pattern, name, false) && (!name.startsWith(".") || pattern.startsWith("."));
  }

  private static String readOrEmpty(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The options that apply to {@code host}, the name given to ssh, first value winning. */
  SshOptions lookup(String host) {
    SshOptions options = new SshOptions();
    for (Block block : blocks) {
      if (block.conditions().stream().allMatch(patterns -> matches(patterns, host))) {
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
    return glob(pattern, text, true);
  }

  private static boolean glob(String pattern, String text, boolean ignoreCase) {
    return ignoreCase
        ? glob(pattern.toLowerCase(Locale.ROOT), 0, text.toLowerCase(Locale.ROOT), 0)
        : glob(pattern, 0, text, 0);
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
