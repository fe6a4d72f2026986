package dev.ploy.modules.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lines of an authorized_keys file read as Ansible's authorized_key module reads them: a key is
 * identified by its base64 blob; its type, options and comment must also match for it to count as
 * already present.
 */
final class AuthorizedKeys {
  static final List<String> TYPES =
      List.of(
          "sk-ecdsa-sha2-nistp256@openssh.com",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "sk-ssh-ed25519@openssh.com",
          "ssh-ed25519",
          "ssh-dss",
          "ssh-rsa");

  /** Commas split options, except inside double or single quotes. */
  private static final Pattern OPTION = Pattern.compile("(?:[^,\"']|\"[^\"]*\"|'[^']*')+");

  private AuthorizedKeys() {}

  /** One key: options (flag options have a null value), type, blob and comment. */
  record Key(Map<String, String> options, String type, String blob, String comment) {
    Key {
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    Key withOptions(Map<String, String> replaced) {
      return new Key(replaced, type, blob, comment);
    }

    Key withComment(String replaced) {
      return new Key(options, type, blob, replaced);
    }

    /** Same type, options (in order) and comment: nothing to rewrite. */
    boolean sameAs(Key other) {
      return type.equals(other.type)
          && blob.equals(other.blob)
          && comment.equals(other.comment)
          && List.copyOf(options.entrySet()).equals(List.copyOf(other.options.entrySet()));
    }

    /** The line as written: [options ]type blob[ comment]. */
    String line() {
      StringBuilder line = new StringBuilder();
      if (!options.isEmpty()) {
        List<String> words = new ArrayList<>();
        options.forEach((k, v) -> words.add(v == null ? k : k + "=" + v));
        line.append(String.join(",", words)).append(' ');
      }
      line.append(type).append(' ').append(blob);
      if (!comment.isEmpty()) {
        line.append(' ').append(comment);
      }
      return line.toString();
    }
  }

  /** A key line, or empty for a comment, a blank or an unrecognised line. */
  static Optional<Key> parse(String raw) {
    String text = raw.replace("\\#", "#").strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = text.split("\\s+");
    if (parts[0].equals("#")) {
      return Optional.empty();
    }
    for (int i = 0; i < parts.length; i++) {
      if (TYPES.contains(parts[i])) {
        if (i + 1 >= parts.length) {
          return Optional.empty();
        }
        String options = String.join(" ", List.of(parts).subList(0, i));
        String comment = String.join(" ", List.of(parts).subList(i + 2, parts.length));
        return Optional.of(new Key(parseOptions(options), parts[i], parts[i + 1], comment));
      }
    }
    return Optional.empty();
  }

  /** "no-pty,from=\"10.0.0.1\"" as an ordered map; a flag has a null value. */
  static Map<String, String> parseOptions(String options) {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (options == null || options.isEmpty()) {
      return parsed;
    }
    Matcher matcher = OPTION.matcher(options);
    while (matcher.find()) {
      String part = matcher.group();
      int eq = part.indexOf('=');
      if (eq >= 0) {
        parsed.put(part.substring(0, eq), part.substring(eq + 1));
      } else {
        parsed.put(part, null);
      }
    }
    return parsed;
  }

  /**
   * The file after the change: {@code wanted} keys present (or absent), replacing a line with the
   * same blob in place, appending new ones; with {@code exclusive}, only the wanted keys remain.
   */
  static List<String> apply(
      List<String> lines, List<Key> wanted, boolean present, boolean exclusive) {
    List<String> out = new ArrayList<>(lines);
    if (!present) {
      for (Key key : wanted) {
        out.removeIf(line -> parse(line).map(k -> k.blob().equals(key.blob())).orElse(false));
      }
      return out;
    }
    List<String> appended = new ArrayList<>();
    for (Key key : wanted) {
      boolean found = false;
      for (int i = 0; i < out.size(); i++) {
        Optional<Key> existing = parse(out.get(i));
        if (existing.isPresent() && existing.get().blob().equals(key.blob())) {
          if (!found && !existing.get().sameAs(key)) {
            out.set(i, key.line());
          }
          found = true;
        }
      }
      if (!found) {
        appended.add(key.line());
      }
    }
    out.addAll(appended);
    if (exclusive) {
      List<String> blobs = wanted.stream().map(Key::blob).toList();
      List<String> seen = new ArrayList<>();
      out.removeIf(
          line -> {
            Optional<Key> key = parse(line);
            if (key.isEmpty()
                || !blobs.contains(key.get().blob())
                || seen.contains(key.get().blob())) {
              return true;
            }
            seen.add(key.get().blob());
            return false;
          });
    }
    return out;
  }
}
