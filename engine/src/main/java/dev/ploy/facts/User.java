package dev.ploy.facts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who commands run as (ansible_user_id, ansible_user_uid, ansible_user_gid), and with which
 * effective ids (ansible_effective_user_id, ansible_effective_group_id).
 */
public record User(String name, int uid, int gid, int effectiveUid, int effectiveGid) {
  // "uid=0(root) gid=0(root) groups=0(root)"; a uid without a name has no "(...)"
  private static final Pattern ID = Pattern.compile("uid=(\\d+)(?:\\(([^)]*)\\))? gid=(\\d+)");
  // id writes the effective ids only where they differ: "... euid=0(root) egid=0(root) ..."
  private static final Pattern EUID = Pattern.compile(" euid=(\\d+)");
  private static final Pattern EGID = Pattern.compile(" egid=(\\d+)");

  /** One {@code id} (untranslated) instead of one per value. */
  public static final Fact<User> FACT = Fact.of("user", "LC_ALL=C id", User::parse);

  /**
   * The user's GECOS field from its account entry, as Ansible's ansible_user_gecos has it (read
   * through NSS, as Python's pwd module reads it); "" without an entry.
   */
  public static final Fact<String> GECOS =
      Fact.of(
          "user-gecos",
          "getent passwd \"$(id -un)\" 2>/dev/null || getent passwd \"$(id -u)\" 2>/dev/null",
          lines -> {
            String[] fields = Fact.first(lines).split(":", -1);
            return fields.length >= 7 ? fields[4] : "";
          });

  static User parse(List<String> lines) {
    String line = Fact.first(lines);
    Matcher id = ID.matcher(line);
    if (!id.lookingAt()) {
      return new User("", -1, -1, -1, -1);
    }
    int uid = Fact.parseInt(id.group(1), -1);
    int gid = Fact.parseInt(id.group(3), -1);
    Matcher euid = EUID.matcher(line);
    Matcher egid = EGID.matcher(line);
    return new User(
        id.group(2) == null ? "" : id.group(2),
        uid,
        gid,
        euid.find() ? Fact.parseInt(euid.group(1), uid) : uid,
        egid.find() ? Fact.parseInt(egid.group(1), gid) : gid);
  }
}
