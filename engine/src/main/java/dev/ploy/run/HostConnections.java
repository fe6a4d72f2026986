package dev.ploy.run;

import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.inventory.Host;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Play;
import dev.ploy.vars.Precedence;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connection a task works through: the host's own, opened once and kept for the run, or under
 * delegate_to the delegated host's; each from the host's connection variables settled with the
 * play's keywords and the command line.
 */
record HostConnections(Play play, Engine engine, Variables variables) {

  /** The host's own connection, or the delegated host's. Opened once and reused. */
  Connection connectionFor(HostState host, Optional<String> delegateTo)
      throws ConnectionException, ExprException {
    if (delegateTo.isPresent() && !delegateTo.get().equals(host.name())) {
      String name = delegateTo.get();
      HostState other = engine.hostStates().get(name);
      Map<String, Object> vars;
      if (other != null) {
        vars = templated(other);
      } else {
        Optional<Host> known = engine.inventory().host(name);
        vars =
            known.isPresent()
                ? Unsafe.stripValues(engine.inventory().varsOf(known.get()))
                : new LinkedHashMap<>(Map.of("ansible_host", name));
      }
      return engine.connector().open(name, vars);
    }
    synchronized (host.opening) {
      if (host.connection() == null) {
        host.setConnection(engine.connector().open(host.name(), templated(host)));
      }
      return host.connection();
    }
  }

  private Map<String, Object> templated(HostState host) throws ExprException {
    Templar templar = variables.templar(host, Frame.of(play), Map.of());
    Map<String, Object> vars = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : variables.hostVarsForConnection(host).entrySet()) {
      if (entry.getKey().startsWith("ansible_")) {
        vars.put(entry.getKey(), templar.template(entry.getValue()));
      }
    }
    Map<String, Object> keywords = new LinkedHashMap<>();
    for (Keyword keyword : List.of(Keyword.REMOTE_USER, Keyword.CONNECTION, Keyword.PORT)) {
      Optional<Object> value = play.keywords().setting(keyword);
      if (value.isPresent()) {
        keywords.put(connectionVariable(keyword), templar.template(value.get()));
      }
    }
    return connectionSettings(vars, keywords, engine.options().commandLineConnectionVars());
  }

  /** The connection variable a play keyword sets: ansible_user for remote_user, ansible_port... */
  private static String connectionVariable(Keyword keyword) {
    return keyword == Keyword.REMOTE_USER ? "ansible_user" : "ansible_" + keyword.yamlName();
  }

  /**
   * A host's connection variables with the play's keywords and the command line's settings, each
   * settled by {@link Precedence#setting}: ansible_user beats remote_user, which beats -u.
   */
  static Map<String, Object> connectionSettings(
      Map<String, Object> variables,
      Map<String, Object> keywords,
      Map<String, Object> commandLine) {
    Map<String, Object> settled = new LinkedHashMap<>(variables);
    Set<String> names = new LinkedHashSet<>(keywords.keySet());
    names.addAll(commandLine.keySet());
    for (String name : names) {
      Precedence.setting(
              Optional.ofNullable(variables.get(name)),
              Optional.ofNullable(keywords.get(name)),
              Optional.ofNullable(commandLine.get(name)))
          .ifPresent(value -> settled.put(name, value));
    }
    return settled;
  }
}
