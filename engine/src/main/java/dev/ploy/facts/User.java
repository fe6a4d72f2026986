package dev.ploy.facts;

/** Who commands run as (ansible_user_id, ansible_user_uid, ansible_user_gid). */
public record User(String name, int uid, int gid) {
  public static final Fact<User> FACT =
      Fact.of(
          "user",
          "id -un; id -u; id -g; id -gn",
          lines ->
              new User(
                  Fact.line(lines, 0),
                  Fact.parseInt(Fact.line(lines, 1), -1),
                  Fact.parseInt(Fact.line(lines, 2), -1)));
}
