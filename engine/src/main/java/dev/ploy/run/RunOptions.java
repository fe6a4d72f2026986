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
 * @param setting where the run's settings came from, for the magic variables that tell it
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
    Map<String, Object> connectionVars,
    Settings setting) {

  /**
   * Where a run's settings came from: the configuration file read (ploy.yml or ansible.cfg, or
   * null) and the inventory sources (-i, else the configuration's), as given.
   */
  public record Settings(String configFile, List<String> inventorySources) {
    public Settings {
      inventorySources = List.copyOf(inventorySources);
    }

    public static final Settings NONE = new Settings(null, List.of());
  }

  public RunOptions {
    tags = Set.copyOf(tags);
    skipTags = Set.copyOf(skipTags);
    extraVars = Map.copyOf(extraVars);
    connectionVars = Map.copyOf(connectionVars);
  }

  /** Defaults: no check, no diff, 25 forks, all tags. */
  public static RunOptions defaults() {
    return builder().build();
  }

  /** Options from the defaults, each set by name. */
  public static Builder builder() {
    return new Builder();
  }

  /** Run options by name: set the fields that differ from the defaults, then build. */
  public static final class Builder {
    public boolean check;
    public boolean diff;
    public int forks = 25;
    public Set<String> tags = Set.of();
    public Set<String> skipTags = Set.of();
    public Optional<String> limit = Optional.empty();
    public Optional<String> startAtTask = Optional.empty();
    public Map<String, Object> extraVars = Map.of();
    public boolean forceHandlers;
    public boolean become;
    public Optional<String> becomeUser = Optional.empty();
    public Optional<String> becomeMethod = Optional.empty();
    public Optional<String> becomePassword = Optional.empty();
    public Optional<String> remoteUser = Optional.empty();
    public int verbosity;
    public Map<String, Object> connectionVars = Map.of();
    public Settings setting = Settings.NONE;

    private Builder() {}

    public RunOptions build() {
      return new RunOptions(
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
          connectionVars,
          setting);
    }
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
