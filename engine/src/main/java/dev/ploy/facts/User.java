package dev.ploy.facts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Who commands run as (ansible_user_id, ansible_user_uid, ansible_user_gid). */
public record User(String name, int uid, int gid) {
  // "uid=0(root) gid=0(root) groups=0(root)"; a uid without a name has no "(...)"
  private static final Pattern ID = Pattern.compile("uid=(\\d+)(?:\\(([^)]*)\\))? gid=(\\d+)");

  /** One {@code id} (untranslated) instead of one per value. */
  public static final Fact<User> FACT = Fact.of("user", "LC_ALL=C id", User::parse);

  static User parse(List<String> lines) {
    Matcher id = ID.matcher(Fact.first(lines));
    if (!id.lookingAt()) {
      return new User("", -1, -1);
    }
    return new User(
        id.group(2) == null ? "" : id.group(2),
        Fact.parseInt(id.group(1), -1),
        Fact.parseInt(id.group(3), -1));
  }
}
