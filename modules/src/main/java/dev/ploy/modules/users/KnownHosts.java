package dev.ploy.modules.users;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.FileWrites;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * known_hosts: one host's key in an SSH known_hosts file, as Ansible's module keeps it. The entries
 * for the host are found with {@code ssh-keygen -F} on the target (hashed names included); a key of
 * the same type is replaced, another added, and the file rewritten atomically.
 */
public final class KnownHosts implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("known_hosts")
          .description(
              "Adds or removes a host's key in an SSH known_hosts file. A key of the same type"
                  + " for the host is replaced; with state absent and no key every key of the"
                  + " host goes (ssh-keygen -R).")
          .arg(
              Arg.str("name", "The host, as ssh names it (host, or [host]:port for another port).")
                  .aliases("host")
                  .required())
          .arg(
              Arg.str(
                  "key",
                  "The known_hosts line: host, key type and key (as ssh-keyscan prints it). Its"
                      + " host field must name the host."))
          .arg(Arg.path("path", "The known_hosts file.").defaultsTo("~/.ssh/known_hosts"))
          .arg(
              Arg.bool("hash_host", "Write the host name hashed, as HashKnownHosts does.")
                  .defaultsTo(false))
          .arg(Arg.presence("present: the key is in the file; absent: it is not."))
          .example(
              "- name: Trust github.com's key\n"
                  + "  ansible.builtin.known_hosts:\n"
                  + "    name: github.com\n"
                  + "    key: \"github.com ssh-ed25519"
                  + " AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\"\n")
          .build();

  private static final Pattern FOUND_LINE = Pattern.compile("found: line (\\d+)");

  /** A known_hosts line cut in its fields; options is the marker (@cert-authority) or null. */
  record Entry(String options, String host, String type, String key) {
    static Entry parse(String line) throws ModuleException {
      String[] words = line.strip().split("\\s+");
      boolean marked = words.length > 0 && words[0].startsWith("@");
      int at = marked ? 1 : 0;
      if (words.length < at + 3) {
        throw new ModuleException(
            "cannot read the known_hosts line '" + line.strip() + "': host, type and key needed");
      }
      return new Entry(marked ? words[0] : null, words[at], words[at + 1], words[at + 2]);
    }

    Entry withHost(String other) {
      return new Entry(options, other, type, key);
    }
  }

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String host = args.str("name").toLowerCase(java.util.Locale.ROOT);
    String path = args.str("path");
    boolean present = args.present();
    String key = args.optStr("key").filter(k -> !k.isBlank()).orElse(null);
    if (key == null && present) {
      throw new ModuleException("No key specified when adding a host");
    }
    Entry wanted = null;
    String written = null;
    if (key != null) {
      if (Pattern.compile("\\S+(\\s+)?,(\\s+)?").matcher(host).find()) {
        throw new ModuleException(
            "Comma separated list of names is not supported. Please pass a single name to lookup"
                + " in the known_hosts file.");
      }
      if (key.strip().contains("\n")) {
        throw new ModuleException("key must be one known_hosts line");
      }
      wanted = Entry.parse(key);
      written = key.endsWith("\n") ? key.substring(0, key.length() - 1) : key;
      if (args.bool("hash_host")) {
        wanted = wanted.withHost(hashed(host, randomSalt()));
        // the line as written, its host field hashed (the comment kept)
        List<String> words = new ArrayList<>(List.of(key.strip().split("\\s+")));
        words.set(wanted.options() == null ? 0 : 1, wanted.host());
        written = String.join(" ", words);
      }
      if (!names(wanted.host(), host)) {
        throw new ModuleException(
            "Host parameter does not match hashed host field in supplied key");
      }
    }
    String before = read(target, path);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", host);
    result.put("key", key);
    result.put("path", path);
    result.put("hash_host", args.bool("hash_host"));
    result.put("state", args.str("state"));
    String after = after(target, host, path, present, wanted, written, before);
    // as Ansible's module, the result carries the file before and after, --diff or not
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("before_header", before == null ? "/dev/null" : path);
    diff.put("after_header", path);
    diff.put("before", before == null ? "" : before);
    diff.put("after", after);
    result.put("diff", diff);
    if (after.equals(before == null ? "" : before)) {
      return Plan.ok(result);
    }
    return write(target, path, before, after, result);
  }

  /** The file's text once the key is in (or out of) it; {@code before} null: no file. */
  private static String after(
      Target target,
      String host,
      String path,
      boolean present,
      Entry wanted,
      String written,
      String before)
      throws ModuleException {
    if (before == null) {
      return present ? written + "\n" : "";
    }
    Search found = search(target, host, path, wanted);
    boolean changes = found.replace() || found.found() != present;
    if (!changes || (!present && wanted != null && found.line() == 0)) {
      return before;
    }
    List<String> lines = new ArrayList<>(before.lines().toList());
    if (wanted == null) {
      // absent without a key: every line of the host goes, as ssh-keygen -R removes them
      List<Integer> numbers = found.allLines();
      for (int i = numbers.size() - 1; i >= 0; i--) {
        lines.remove(numbers.get(i) - 1);
      }
    } else if (found.line() > 0 && found.line() <= lines.size()) {
      lines.remove(found.line() - 1);
    }
    if (present) {
      lines.add(written);
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static Plan write(
      Target target, String path, String before, String after, Map<String, Object> result)
      throws ModuleException {
    FileWrites.Planned planned =
        FileWrites.plan(target, path, after, null, null, null, before == null ? "" : before);
    if (!planned.changed()) {
      return Plan.ok(result);
    }
    return Plan.change(
        planned.diffs(),
        result,
        on -> {
          planned.applyOn(on);
          return Map.of();
        });
  }

  /**
   * What ssh-keygen -F finds of the host: whether any line names it, the line holding a key of the
   * wanted type (0: none), whether that key differs from the wanted one, and every line found.
   */
  record Search(boolean found, int line, boolean replace, List<Integer> allLines) {}

  private static Search search(Target target, String host, String path, Entry wanted)
      throws ModuleException {
    ExecResult result = target.run("ssh-keygen", "-F", host, "-f", path);
    if (result.stdout().isEmpty()
        && result.stderr().isEmpty()
        && (result.rc() == 0 || result.rc() == 1)) {
      return new Search(false, 0, false, List.of());
    }
    if (result.rc() != 0) {
      throw new ModuleException(
          "ssh-keygen -F failed (rc " + result.rc() + "): " + result.stderr().strip());
    }
    List<Integer> all = new ArrayList<>();
    int line = 0;
    Search match = null;
    for (String text : result.stdout().split("\n")) {
      if (text.isEmpty()) {
        continue;
      }
      if (text.startsWith("#")) {
        Matcher m = FOUND_LINE.matcher(text);
        if (!m.find()) {
          throw new ModuleException("cannot read ssh-keygen's output: " + text);
        }
        line = Integer.parseInt(m.group(1));
        all.add(line);
        continue;
      }
      if (wanted == null || match != null) {
        continue;
      }
      Entry seen = Entry.parse(text);
      Entry compared = wanted;
      if (wanted.host().startsWith("|1|") && seen.host().startsWith("|1|")) {
        compared = wanted.withHost(seen.host()); // a hashed name stays as it is
      }
      if (compared.equals(seen)) {
        match = new Search(true, line, false, all);
      } else if (compared.type().equals(seen.type())) {
        match = new Search(true, line, true, all);
      }
    }
    if (match != null) {
      return new Search(true, match.line(), match.replace(), all);
    }
    return new Search(true, 0, wanted != null, all);
  }

  /** The file's text; null when it does not exist. */
  private static String read(Target target, String path) throws ModuleException {
    String quoted = ShellQuote.quote(path);
    ExecResult result =
        target.run(
            Command.of("if [ -e " + quoted + " ]; then echo present; cat -- " + quoted + "; fi"));
    if (!result.ok()) {
      throw new ModuleException("cannot read " + path + ": " + result.stderr().strip());
    }
    if (result.stdout().isEmpty()) {
      return null;
    }
    return result.stdout().substring("present\n".length());
  }

  /** Whether a known_hosts host field names the host: hashed (|1|salt|hash) or a name list. */
  static boolean names(String field, String host) throws ModuleException {
    if (field.startsWith("|1|")) {
      String[] parts = field.split("\\|");
      if (parts.length != 4) {
        return false;
      }
      try {
        return hashed(host, Base64.getDecoder().decode(parts[2])).equals(field);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    boolean matched = false;
    for (String pattern : field.split(",")) {
      boolean negated = pattern.startsWith("!");
      String glob = negated ? pattern.substring(1) : pattern;
      if (glob(glob).matcher(host).matches()) {
        if (negated) {
          return false;
        }
        matched = true;
      }
    }
    return matched;
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /** The host hashed as ssh's HashKnownHosts writes it: |1|base64(salt)|base64(HMAC-SHA1). */
  static String hashed(String host, byte[] salt) throws ModuleException {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      byte[] digest = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
      Base64.Encoder b64 = Base64.getEncoder();
      return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new ModuleException("cannot hash the host name: " + e.getMessage());
    }
  }

  private static byte[] randomSalt() {
    byte[] salt = new byte[20];
    new SecureRandom().nextBytes(salt);
    return salt;
  }
}
