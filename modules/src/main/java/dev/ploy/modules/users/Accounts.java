package dev.ploy.modules.users;

import dev.ploy.module.ModuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Entries of the account databases as {@code getent} prints them (passwd, shadow, group). */
final class Accounts {
  /**
   * The mark of the users probes' sections ({@code @@ploy:passwd}): longer than "@@", as those
   * sections hold what users wrote.
   */
  static final String MARK = "@@ploy:";

  private Accounts() {}

  /** One passwd line: name:x:uid:gid:comment:home:shell. */
  record Passwd(String name, long uid, long gid, String comment, String home, String shell) {
    static Optional<Passwd> parse(String line) {
      String[] f = line.split(":", -1);
      if (f.length < 7) {
        return Optional.empty();
      }
      return Optional.of(
          new Passwd(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]));
    }
  }

  /**
   * The password hash, the fewest and most days between password changes and the expiry date (days
   * since 1970) of a shadow line; -1 for a field left empty.
   */
  record Shadow(String hash, long minDays, long maxDays, long expireDays) {
    static Optional<Shadow> parse(String line) {
      String[] f = line.split(":", -1);
      if (f.length < 8) {
        return Optional.empty();
      }
      return Optional.of(new Shadow(f[1], days(f[3]), days(f[4]), days(f[7])));
    }

    private static long days(String field) {
      return field.matches("[0-9]+") ? Long.parseLong(field) : -1;
    }

    boolean locked() {
      return hash.startsWith("!");
    }
  }

  /** One group line: name:x:gid:member,member. */
  record Group(String name, long gid, List<String> members) {
    static Optional<Group> parse(String line) {
      String[] f = line.split(":", -1);
      if (f.length < 4 || !f[2].matches("\\d+")) {
        return Optional.empty();
      }
      List<String> members = f[3].isEmpty() ? List.of() : List.of(f[3].split(","));
      return Optional.of(new Group(f[0], Long.parseLong(f[2]), members));
    }
  }

  /** Every group of the host, for looking up names, gids and memberships. */
  record Groups(List<Group> all) {
    static Groups parse(List<String> lines) {
      List<Group> groups = new ArrayList<>();
      for (String line : lines) {
        Group.parse(line).ifPresent(groups::add);
      }
      return new Groups(groups);
    }

    /** A group by name, or by gid when {@code nameOrGid} is a number. */
    Optional<Group> find(String nameOrGid) {
      for (Group group : all) {
        if (group.name().equals(nameOrGid)) {
          return Optional.of(group);
        }
      }
      if (nameOrGid.matches("\\d+")) {
        long gid = Long.parseLong(nameOrGid);
        return all.stream().filter(g -> g.gid() == gid).findFirst();
      }
      return Optional.empty();
    }

    Optional<Group> byGid(long gid) {
      return all.stream().filter(g -> g.gid() == gid).findFirst();
    }

    /** The supplementary groups listing {@code user} as a member, except its primary group. */
    List<String> membership(String user, long primaryGid) {
      List<String> names = new ArrayList<>();
      for (Group group : all) {
        if (group.gid() != primaryGid && group.members().contains(user)) {
          names.add(group.name());
        }
      }
      return names;
    }
  }

  /**
   * Fails unless {@code name} can be an account or group name (no ':', blanks, '/', leading '-');
   * returns it.
   */
  static String checkName(String kind, String name) throws ModuleException {
    if (name.isEmpty()
        || name.startsWith("-")
        || name.startsWith("+")
        || name.contains(":")
        || name.contains("/")
        || name.contains(",")
        || name.matches("(?s).*\\s.*")
        || name.equals(".")
        || name.equals("..")) {
      throw new ModuleException(
          kind
              + " name '"
              + name
              + "' is not valid: it must not be empty, start with '-' or '+', or contain ':', ',',"
              + " '/' or blanks");
    }
    return name;
  }
}
