package dev.ploy.module;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of type path expand as Ansible's do where its module runs (check_type_path: {@code
 * os.path.expanduser(os.path.expandvars(value))}): {@code $VAR} and {@code ${VAR}} take the value
 * of the variable in the environment of the task on the target (unset ones stay as written), then a
 * leading {@code ~} is the home of the (become) user and {@code ~name} the home of that user. The
 * expansion is done here, on text, from values read from the target: no shell ever expands what the
 * user wrote. Paths on the control node ({@link Arg#local()}) are left alone.
 */
public final class PathExpansion {
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+|\\{[^}]*\\})");

  /** What the expansion reads from the host the module works on. */
  public interface Host {
    /** The environment the task's commands run with (become user's, task's environment). */
    Map<String, String> environment() throws ModuleException;

    /** The home directory of {@code user}, empty when there is no such user. */
    Optional<String> home(String user) throws ModuleException;
  }

  private PathExpansion() {}

  /** The arguments with every path value of the target expanded; the same when none needs it. */
  public static Args expand(Args args, Host host) throws ModuleException {
    Map<String, Object> values = new LinkedHashMap<>(args.asMap());
    boolean changed = false;
    for (Arg arg : args.spec().args()) {
      Object value = values.get(arg.name());
      if (value == null || arg.onController()) {
        continue;
      }
      Object expanded = value;
      if (arg.type() == ArgType.PATH && value instanceof String path) {
        expanded = expand(path, host);
      } else if (arg.type() == ArgType.LIST
          && arg.elements() == ArgType.PATH
          && value instanceof List<?> list) {
        List<Object> paths = new ArrayList<>();
        for (Object each : list) {
          paths.add(each instanceof String path ? expand(path, host) : each);
        }
        expanded = paths;
      }
      if (!expanded.equals(value)) {
        values.put(arg.name(), expanded);
        changed = true;
      }
    }
    return changed ? new Args(args.spec(), values) : args;
  }

  /** One path: variables first, then the leading tilde, as Python's posixpath does. */
  public static String expand(String path, Host host) throws ModuleException {
    return user(variables(path, host), host);
  }

  private static String variables(String path, Host host) throws ModuleException {
    if (!path.contains("$")) {
      return path;
    }
    Map<String, String> environment = host.environment();
    Matcher m = VARIABLE.matcher(path);
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (m.find()) {
      String name = m.group(1);
      if (name.startsWith("{")) {
        name = name.substring(1, name.length() - 1);
      }
      String value = environment.get(name);
      if (value != null) {
        out.append(path, at, m.start()).append(value);
        at = m.end();
      }
    }
    return out.append(path.substring(at)).toString();
  }

  private static String user(String path, Host host) throws ModuleException {
    if (!path.startsWith("~")) {
      return path;
    }
    int slash = path.indexOf('/', 1);
    int end = slash < 0 ? path.length() : slash;
    Optional<String> home;
    if (end == 1) {
      String fromEnvironment = host.environment().get("HOME");
      home = fromEnvironment != null ? Optional.of(fromEnvironment) : host.home("");
    } else {
      home = host.home(path.substring(1, end));
    }
    if (home.isEmpty()) {
      return path;
    }
    String expanded = home.get().replaceAll("/+$", "") + path.substring(end);
    return expanded.isEmpty() ? "/" : expanded;
  }

  /**
   * The host a task's target is: its environment read once with {@code env -0} (through the task's
   * become and environment), a user's home from {@code getent passwd}.
   */
  public static Host of(Target target) {
    return new Host() {
      private Map<String, String> environment;
      private final Map<String, Optional<String>> homes = new HashMap<>();

      @Override
      public Map<String, String> environment() throws ModuleException {
        if (environment == null) {
          ExecResult env = target.run(Command.of("env -0"));
          if (!env.ok()) {
            throw new ModuleException(
                "cannot read the environment to expand a path: " + env.stderr().strip());
          }
          Map<String, String> read = new HashMap<>();
          for (String entry : env.stdout().split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
              read.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
          }
          environment = read;
        }
        return environment;
      }

      @Override
      public Optional<String> home(String user) throws ModuleException {
        if (!homes.containsKey(user)) {
          ExecResult entry =
              target.run(
                  Command.of(
                      user.isEmpty()
                          ? "getent passwd -- \"$(id -u)\""
                          : "getent passwd -- " + dev.ploy.connection.ShellQuote.quote(user)));
          String[] fields = entry.stdout().strip().split(":", -1);
          homes.put(
              user, entry.ok() && fields.length >= 6 ? Optional.of(fields[5]) : Optional.empty());
        }
        return homes.get(user);
      }
    };
  }
}
