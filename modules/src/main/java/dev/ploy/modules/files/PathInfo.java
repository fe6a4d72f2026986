package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys Ansible adds to a file module's result about the path itself (its module_utils'
 * add_path_info): uid, gid, owner, group, mode, state and size of the path, not followed when it is
 * a link; a state only, absent, when there is no path.
 */
final class PathInfo {
  private PathInfo() {}

  /** The keys for what the probe found at the path (check mode, or nothing to change). */
  static Map<String, Object> of(FileInfo.Stat stat) {
    Map<String, Object> keys = new LinkedHashMap<>();
    if (!stat.exists()) {
      keys.put("state", "absent");
      return keys;
    }
    String owner = stat.owner();
    String group = stat.group();
    keys.put("uid", (long) stat.uid());
    keys.put("gid", (long) stat.gid());
    keys.put("owner", owner == null || owner.equals("UNKNOWN") ? "" + stat.uid() : owner);
    keys.put("group", group == null || group.equals("UNKNOWN") ? "" + stat.gid() : group);
    keys.put("mode", String.format("0%03o", stat.modeBits() & 07777));
    keys.put("state", FileInfo.ansibleState(stat));
    keys.put("size", stat.size());
    return keys;
  }

  /** The keys for the path as it is now on the target (after a change). */
  static Map<String, Object> probe(Target target, String path) throws ModuleException {
    ExecResult found = target.run(Command.of(FileInfo.script(path, false)));
    if (!found.ok()) {
      throw ModuleException.commandFailed(
          "cannot inspect " + path + ": " + found.stderr().strip(), found);
    }
    return of(FileInfo.parse(path, found.stdout()).self());
  }
}
