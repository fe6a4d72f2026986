package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code diff} key that Ansible's file module returns in every mode, not only with --diff
 * (ansible-core's own targets read it from registered results): before and after, each with the
 * path, the state when it changes, and the src, mode, owner and group (as ids) and times that
 * change. ploy's console diff is the plan's; this is the result's.
 */
final class FileDiff {
  private final Map<String, Object> before = new LinkedHashMap<>();
  private final Map<String, Object> after = new LinkedHashMap<>();

  /**
   * The diff of moving {@code path} from {@code previous} to {@code state}, as Ansible starts it.
   */
  FileDiff(String path, String state, String previous) {
    before.put("path", path);
    after.put("path", path);
    if (!state.equals(previous)) {
      before.put("state", previous);
      after.put("state", state);
    }
  }

  /** Records what only the before side has (a directory's content, before it is removed). */
  FileDiff before(String key, Object value) {
    before.put(key, value);
    return this;
  }

  /** Records one key that changes. */
  FileDiff put(String key, Object was, Object becomes) {
    before.put(key, was);
    after.put(key, becomes);
    return this;
  }

  /**
   * Records the mode, owner and group that {@code attributes} change on a path that has {@code
   * stat} (or, absent, is created with {@code createdMode}): the mode as Ansible writes it
   * ("0644"), owner and group as the numeric ids Ansible reports, looked up on the target.
   */
  FileDiff attributes(
      Target target, Attributes attributes, FileInfo.Stat stat, int createdMode, boolean dir)
      throws ModuleException {
    if (attributes.mode() != null) {
      int current = stat.exists() ? stat.modeBits() : createdMode;
      int wanted = attributes.modeFor(current, dir);
      if (wanted != current) {
        put("mode", mode(current), mode(wanted));
      }
    }
    boolean owner = changes(attributes.owner(), stat.owner(), stat.uid(), stat);
    boolean group = changes(attributes.group(), stat.group(), stat.gid(), stat);
    if (!owner && !group) {
      return this;
    }
    // per name: the id a new path gets (the connection's user or group), then the name's id
    StringBuilder script = new StringBuilder();
    if (owner) {
      script.append(lookup("-u", "passwd", attributes.owner()));
    }
    if (group) {
      script.append(lookup("-g", "group", attributes.group()));
    }
    ExecResult found = target.run(Command.of(script.toString()));
    List<String> lines = found.stdoutLines();
    int index = 0;
    if (owner) {
      id("owner", stat.exists() ? stat.uid() : -1, attributes.owner(), lines, index);
      index += 2;
    }
    if (group) {
      id("group", stat.exists() ? stat.gid() : -1, attributes.group(), lines, index);
    }
    return this;
  }

  /** Whether {@code wanted} (a name or an id; null: unmanaged) differs from the path's. */
  private static boolean changes(String wanted, String name, int id, FileInfo.Stat stat) {
    return wanted != null
        && (!stat.exists() || !(wanted.equals(name) || wanted.equals(String.valueOf(id))));
  }

  private static String lookup(String flag, String database, String name) {
    return "id "
        + flag
        + "; printf '%s\\n' \"$(getent "
        + database
        + " -- "
        + ShellQuote.quote(name)
        + " | cut -d: -f3)\"\n";
  }

  /** Records one id change, unless the lookup did not answer (the apply then fails on the name). */
  private void id(String key, int was, String wanted, List<String> lines, int index) {
    if (lines.size() < index + 2) {
      return;
    }
    String created = lines.get(index).strip();
    String after = wanted.matches("[0-9]+") ? wanted : lines.get(index + 1).strip();
    if (after.isEmpty() || !created.matches("[0-9]+")) {
      return;
    }
    long before = was >= 0 ? was : Long.parseLong(created);
    if (before != Long.parseLong(after)) {
      put(key, before, Long.parseLong(after));
    }
  }

  /** A mode as Ansible's diff writes it: a 0, then at least three octal digits. */
  static String mode(int bits) {
    return String.format("0%03o", bits);
  }

  Map<String, Object> toMap() {
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("before", before);
    diff.put("after", after);
    return diff;
  }
}
