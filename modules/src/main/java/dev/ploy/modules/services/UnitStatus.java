package dev.ploy.modules.services;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A systemd unit as {@code systemctl show} describes it, probed in one command: load, active and
 * unit-file state, with every property kept for the result's {@code status}.
 */
record UnitStatus(Map<String, String> properties) {
  static final String PROPERTIES =
      "Id,Names,Description,LoadState,ActiveState,SubState,UnitFileState,UnitFilePreset,MainPID,"
          + "FragmentPath,NeedDaemonReload,CanReload,ExecMainStatus,ActiveEnterTimestamp";

  private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.\\\\@-]+");

  /** Unit names are checked before use: no shell or option can hide in one. */
  static String checkName(String name) throws ModuleException {
    if (!UNIT.matcher(name).matches() || name.startsWith("-") || name.length() > 256) {
      throw new ModuleException(
          "not a systemd unit name: '"
              + name
              + "' (letters, digits and : _ . \\ @ - only, e.g. nginx or getty@tty1.service)");
    }
    return name;
  }

  static UnitStatus probe(Target target, String scopeFlags, String name) throws ModuleException {
    ExecResult shown =
        target.run(
            Command.of(
                userRuntime(scopeFlags)
                    + "systemctl "
                    + scopeFlags
                    + "show "
                    + ShellQuote.quote(name)
                    + " --property="
                    + PROPERTIES));
    if (!shown.ok()) {
      throw ModuleException.commandFailed(
          "cannot ask systemd about "
              + name
              + ": "
              + shown.stderr().strip()
              + (scopeFlags.contains("--user")
                  ? " (scope: user needs the user's systemd instance: become that user)"
                  : ""),
          shown);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : shown.stdoutLines()) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        properties.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new UnitStatus(properties);
  }

  /** For scope user: systemctl --user needs XDG_RUNTIME_DIR, which sudo does not set. */
  static String userRuntime(String scopeFlags) {
    return scopeFlags.contains("--user")
        ? "[ -n \"$XDG_RUNTIME_DIR\" ] || export XDG_RUNTIME_DIR=/run/user/$(id -u); "
        : "";
  }

  String get(String property) {
    return properties.getOrDefault(property, "");
  }

  boolean found() {
    return !get("LoadState").equals("not-found") || get("UnitFileState").equals("masked");
  }

  boolean running() {
    return List.of("active", "activating", "reloading").contains(get("ActiveState"));
  }

  boolean masked() {
    return get("LoadState").equals("masked") || get("UnitFileState").equals("masked");
  }

  /** As {@code systemctl is-enabled} counts: enabled, static, generated... but not indirect. */
  boolean enabled() {
    return List.of("enabled", "enabled-runtime", "static", "generated", "transient")
        .contains(get("UnitFileState"));
  }

  boolean isStatic() {
    return List.of("static", "generated", "transient").contains(get("UnitFileState"));
  }
}
