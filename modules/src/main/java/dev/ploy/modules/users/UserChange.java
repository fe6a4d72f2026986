package dev.ploy.modules.users;

import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What useradd or usermod must do for an account to match the task: the scripts, the account's
 * fields before and after (for the diff), and the result keys.
 *
 * <p>Scripts begin by reading the password hash (and the key passphrase) from standard input, so
 * they never appear in a command line, a log or a diff.
 */
record UserChange(List<String> commands, String before, String after, Map<String, Object> result) {

  private static final String READ_SECRETS = "IFS= read -r pw; IFS= read -r pp";

  /** The account's fields as the diff shows them. */
  static Map<String, String> fields(Accounts.Passwd passwd, UserProbe probe) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("uid", String.valueOf(passwd.uid()));
    fields.put(
        "group",
        probe
            .groups()
            .byGid(passwd.gid())
            .map(Accounts.Group::name)
            .orElse(String.valueOf(passwd.gid())));
    fields.put("groups", String.join(",", probe.groups().membership(passwd.name(), passwd.gid())));
    fields.put("home", passwd.home());
    fields.put("shell", passwd.shell());
    fields.put("comment", passwd.comment());
    return fields;
  }

  static String describe(Map<String, String> fields) {
    StringBuilder text = new StringBuilder();
    fields.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    return text.toString();
  }

  private static Map<String, Object> baseResult(Args args, String name) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("state", "present");
    result.put("system", args.bool("system"));
    result.put("create_home", args.bool("create_home"));
    result.put("move_home", args.bool("move_home"));
    result.put("append", args.bool("append"));
    if (args.has("groups")) {
      result.put("groups", String.join(",", args.strings("groups")));
    }
    if (args.has("password")) {
      result.put("password", UserModule.hidden());
    }
    return result;
  }

  /** A new account: one useradd. */
  static UserChange create(
      Args args, String name, UserProbe probe, List<Plan.Assumption> assumptions)
      throws ModuleException {
    List<String> words = new ArrayList<>(List.of("useradd"));
    Map<String, String> after = new LinkedHashMap<>();
    Map<String, Object> result = baseResult(args, name);
    if (args.has("uid")) {
      words.addAll(List.of("-u", String.valueOf(args.integer("uid"))));
      if (args.bool("non_unique")) {
        words.add("-o");
      }
      after.put("uid", String.valueOf(args.integer("uid")));
      result.put("uid", args.integer("uid"));
    }
    if (args.has("group")) {
      Accounts.Group group =
          UserModule.requireGroup(probe.groups(), args.str("group"), assumptions);
      words.addAll(List.of("-g", args.str("group")));
      after.put("group", group.name());
      result.put("group", group.gid() >= 0 ? group.gid() : group.name());
    } else if (probe.groups().find(name).isPresent()) {
      // a group named like the user exists: useradd would fail trying to create it
      words.add("-N");
    } else {
      after.put("group", name);
    }
    Set<String> groups = UserModule.groupNames(args, probe.groups(), assumptions);
    if (!groups.isEmpty()) {
      words.addAll(List.of("-G", String.join(",", groups)));
      after.put("groups", String.join(",", groups));
    }
    args.optStr("comment").ifPresent(c -> words.addAll(List.of("-c", c)));
    args.optStr("home").ifPresent(h -> words.addAll(List.of("-d", h)));
    args.optStr("shell").ifPresent(s -> words.addAll(List.of("-s", s)));
    Optional<Long> expires = UserModule.expiryDay(args);
    if (expires.isPresent()) {
      words.add("-e");
      words.add(expires.get() < 0 ? "" : UserModule.day(expires.get()));
    }
    if (args.bool("system")) {
      words.add("-r");
    }
    words.add(args.bool("create_home") ? "-m" : "-M");
    if (args.bool("create_home") && args.has("umask")) {
      // the new home's mode, as Ansible's user module passes it
      words.addAll(List.of("-K", "UMASK=" + args.str("umask")));
      after.put("umask", args.str("umask"));
    }
    after.put("home", args.optStr("home").orElse("/home/" + name));
    args.optStr("shell").ifPresent(s -> after.put("shell", s));
    args.optStr("comment").ifPresent(c -> after.put("comment", c));
    expires.ifPresent(e -> after.put("expires", UserModule.day(e)));
    result.put("home", after.get("home"));
    args.optStr("shell").ifPresent(s -> result.put("shell", s));
    args.optStr("comment").ifPresent(c -> result.put("comment", c));
    String passwordWords = "";
    if (args.has("password")) {
      passwordWords = args.optBool("password_lock").orElse(false) ? " -p \"!$pw\"" : " -p \"$pw\"";
      after.put("password", "changed");
    }
    if (args.optBool("password_lock").orElse(false)) {
      after.put("password_lock", "true");
    }
    String script =
        READ_SECRETS
            + "\n"
            + ShellQuote.join(words)
            + passwordWords
            + " -- "
            + ShellQuote.quote(name);
    List<String> commands = new ArrayList<>(List.of(script));
    String ages = ages(args, name, Optional.empty(), new LinkedHashMap<>(), after);
    if (!ages.isEmpty()) {
      commands.add(ages);
    }
    return new UserChange(
        commands, "state: absent\n", "state: present\n" + describe(after), result);
  }

  /**
   * chage -m/-M for the password_expire_min/max that differ from the account's shadow entry (none
   * for a new account), as Ansible's user module runs it after useradd or usermod; "" when none
   * differs.
   */
  private static String ages(
      Args args,
      String name,
      Optional<Accounts.Shadow> shadow,
      Map<String, String> before,
      Map<String, String> after) {
    List<String> words = new ArrayList<>(List.of("chage"));
    String[][] ages = {{"password_expire_min", "-m"}, {"password_expire_max", "-M"}};
    for (String[] age : ages) {
      if (!args.has(age[0])) {
        continue;
      }
      long wanted = args.integer(age[0]);
      long current =
          shadow.map(s -> age[1].equals("-m") ? s.minDays() : s.maxDays()).orElse(Long.MIN_VALUE);
      if (wanted != current) {
        words.addAll(List.of(age[1], String.valueOf(wanted)));
        if (current != Long.MIN_VALUE) {
          before.put(age[0], String.valueOf(current));
        }
        after.put(age[0], String.valueOf(wanted));
      }
    }
    return words.size() > 1 ? ShellQuote.join(words) + " -- " + ShellQuote.quote(name) : "";
  }

  /** An existing account: usermod with the fields that differ, and a missing home made. */
  static UserChange modify(
      Args args, String name, UserProbe probe, List<Plan.Assumption> assumptions)
      throws ModuleException {
    Accounts.Passwd passwd = probe.passwd().orElseThrow();
    Map<String, String> before = fields(passwd, probe);
    Map<String, String> after = new LinkedHashMap<>(before);
    List<String> words = new ArrayList<>(List.of("usermod"));
    Map<String, Object> result = baseResult(args, name);
    UserModule.putPasswd(result, passwd);
    if (args.has("uid") && args.integer("uid") != passwd.uid()) {
      words.addAll(List.of("-u", String.valueOf(args.integer("uid"))));
      if (args.bool("non_unique")) {
        words.add("-o");
      }
      after.put("uid", String.valueOf(args.integer("uid")));
      result.put("uid", args.integer("uid"));
    }
    long primary = passwd.gid();
    if (args.has("group")) {
      Accounts.Group group =
          UserModule.requireGroup(probe.groups(), args.str("group"), assumptions);
      if (group.gid() != passwd.gid()) {
        words.addAll(List.of("-g", args.str("group")));
        after.put("group", group.name());
        result.put("group", group.gid() >= 0 ? group.gid() : group.name());
        primary = group.gid();
      }
    }
    if (args.has("groups")) {
      groups(args, name, probe, passwd, primary, words, after, assumptions);
    }
    if (args.has("comment") && !args.str("comment").equals(passwd.comment())) {
      words.addAll(List.of("-c", args.str("comment")));
      after.put("comment", args.str("comment"));
      result.put("comment", args.str("comment"));
    }
    if (args.has("home") && !args.str("home").equals(passwd.home())) {
      words.addAll(List.of("-d", args.str("home")));
      if (args.bool("move_home")) {
        words.add("-m");
      }
      after.put("home", args.str("home"));
      result.put("home", args.str("home"));
    }
    if (args.has("shell") && !args.str("shell").equals(passwd.shell())) {
      words.addAll(List.of("-s", args.str("shell")));
      after.put("shell", args.str("shell"));
      result.put("shell", args.str("shell"));
    }
    Optional<Accounts.Shadow> shadow = probe.shadow();
    Optional<Long> expires = UserModule.expiryDay(args);
    if (expires.isPresent() && shadow.isPresent()) {
      long current = shadow.get().expireDays();
      long wanted = expires.get();
      if (wanted < 0 ? current >= 0 : current != wanted) {
        words.add("-e");
        words.add(wanted < 0 ? "" : UserModule.day(wanted));
        before.put("expires", UserModule.day(current));
        after.put("expires", UserModule.day(wanted));
      }
    }
    String hash = shadow.map(Accounts.Shadow::hash).orElse("");
    boolean locked = hash.startsWith("!");
    Optional<Boolean> lock = args.optBool("password_lock");
    String passwordWords = "";
    if (lock.isPresent() && lock.get() != locked) {
      passwordWords = lock.get() ? " -L" : " -U";
      before.put("password_lock", String.valueOf(locked));
      after.put("password_lock", String.valueOf(lock.get()));
    }
    if (args.has("password")
        && args.str("update_password").equals("always")
        && !stripBang(hash).equals(stripBang(args.str("password")))) {
      passwordWords = lock.orElse(false) ? " -p \"!$pw\"" : " -p \"$pw\"";
      after.put("password", "changed");
    }
    List<String> commands = new ArrayList<>();
    if (words.size() > 1 || !passwordWords.isEmpty()) {
      commands.add(
          READ_SECRETS
              + "\n"
              + ShellQuote.join(words)
              + passwordWords
              + " -- "
              + ShellQuote.quote(name));
    }
    String ages = ages(args, name, shadow, before, after);
    if (!ages.isEmpty()) {
      commands.add(ages);
    }
    String home = after.get("home");
    boolean homeMoves = !home.equals(passwd.home()) && args.bool("move_home");
    if (args.bool("create_home")
        && !probe.homeExists()
        && !homeMoves
        && home.equals(passwd.home())) {
      commands.add(makeHome(name, home));
      before.put("home_directory", "absent");
      after.put("home_directory", "created");
    }
    return new UserChange(commands, describe(before), describe(after), result);
  }

  private static void groups(
      Args args,
      String name,
      UserProbe probe,
      Accounts.Passwd passwd,
      long primary,
      List<String> words,
      Map<String, String> after,
      List<Plan.Assumption> assumptions)
      throws ModuleException {
    List<String> current = probe.groups().membership(name, passwd.gid());
    Set<String> wanted = UserModule.groupNames(args, probe.groups(), assumptions);
    Set<String> comparable = new LinkedHashSet<>(wanted);
    probe.groups().byGid(primary).ifPresent(g -> comparable.remove(g.name()));
    boolean append = args.bool("append");
    if (wanted.isEmpty()) {
      if (!current.isEmpty() && !append) {
        words.addAll(List.of("-G", ""));
        after.put("groups", "");
      }
      return;
    }
    if (append) {
      if (!current.containsAll(comparable)) {
        words.addAll(List.of("-a", "-G", String.join(",", wanted)));
        Set<String> union = new LinkedHashSet<>(current);
        union.addAll(comparable);
        after.put("groups", String.join(",", union));
      }
    } else if (!new LinkedHashSet<>(current).equals(comparable)) {
      words.addAll(List.of("-G", String.join(",", wanted)));
      after.put("groups", String.join(",", comparable));
    }
  }

  private static String stripBang(String hash) {
    int i = 0;
    while (i < hash.length() && hash.charAt(i) == '!') {
      i++;
    }
    return hash.substring(i);
  }

  /** Creates a missing home from /etc/skel, owned by the user, mode from login.defs. */
  private static String makeHome(String name, String home) {
    return String.join(
        "\n",
        "h=" + ShellQuote.quote(home),
        "n=" + ShellQuote.quote(name),
        "m=$(awk '$1==\"HOME_MODE\"{print $2}' /etc/login.defs 2>/dev/null)",
        "if [ -z \"$m\" ]; then u=$(awk '$1==\"UMASK\"{print $2}' /etc/login.defs 2>/dev/null);"
            + " m=$(printf '%o' $(( 0777 & ~0${u:-022} ))); fi",
        "mkdir -p -- \"$h\" || exit 1",
        "if [ -d /etc/skel ]; then cp -a /etc/skel/. \"$h\"/ || exit 1; fi",
        "chmod \"$m\" \"$h\" && chown -R -- \"$n:\" \"$h\"");
  }
}
