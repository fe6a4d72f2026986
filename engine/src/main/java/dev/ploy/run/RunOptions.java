package dev.ploy.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a run is asked for on the command line (ansible-playbook's flags).
 *
 * @param become -b: become for every play, as if each said become: true
 * @param becomeUser --become-user
 * @param becomeMethod --become-method
 * @param becomePassword -K, sent on stdin to sudo
 * @param remoteUser -u
 * @param startAtTask --start-at-task: skip tasks until one of this name
 */
public record RunOptions(
    boolean check,
    boolean diff,
    int forks,
    Set<String> tags,
    Set<String> skipTags,
    Optional<String> limit,
    Optional<String> startAtTask,
    Map<String, Object> extraVars,
    boolean forceHandlers,
    boolean become,
    Optional<String> becomeUser,
    Optional<String> becomeMethod,
    Optional<String> becomePassword,
    Optional<String> remoteUser,
    int verbosity,
    Map<String, Object> connectionVars) {

  public RunOptions {
    tags = Set.copyOf(tags);
    skipTags = Set.copyOf(skipTags);
    extraVars = Map.copyOf(extraVars);
    connectionVars = Map.copyOf(connectionVars);
  }

  /** Options without connection variables from the command line. */
  public RunOptions(
      boolean check,
      boolean diff,
      int forks,
      Set<String> tags,
      Set<String> skipTags,
      Optional<String> limit,
      Optional<String> startAtTask,
      Map<String, Object> extraVars,
      boolean forceHandlers,
      boolean become,
      Optional<String> becomeUser,
      Optional<String> becomeMethod,
      Optional<String> becomePassword,
      Optional<String> remoteUser,
      int verbosity) {
    this(
        check,
        diff,
        forks,
        tags,
        skipTags,
        limit,
        startAtTask,
        extraVars,
        forceHandlers,
        become,
        becomeUser,
        becomeMethod,
        becomePassword,
        remoteUser,
        verbosity,
        Map.of());
  }

  /** Defaults: no check, no diff, 25 forks, all tags. */
  public static RunOptions defaults() {
    return new RunOptions(
        false,
        false,
        25,
        Set.of(),
        Set.of(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        false,
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  /** The connection variables the command line sets: -c, --ssh-common-args... and -u. */
  public Map<String, Object> commandLineConnectionVars() {
    Map<String, Object> vars = new java.util.LinkedHashMap<>(connectionVars);
    remoteUser.ifPresent(user -> vars.put("ansible_user", user));
    return vars;
  }

  public List<String> tagList() {
    return List.copyOf(tags);
  }
}
