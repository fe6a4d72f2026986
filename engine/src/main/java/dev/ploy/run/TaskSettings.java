package dev.ploy.run;

import dev.ploy.connection.Become;
import dev.ploy.expr.Booleans;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.UndefinedVariableException;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Keywords;
import dev.ploy.vars.Precedence;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a task's keywords (with those of its blocks, role and play) come to on one host: each
 * templated with the host's variables, falling back to the host's {@code ansible_*} variables and
 * then the command line where Ansible does.
 */
record TaskSettings(Templar templar, Keywords keywords, RunOptions options) {

  /** throttle: N lets at most N hosts run the task at once; empty without one (or 0). */
  OptionalInt throttle() throws ExprException {
    Optional<Object> value = keywords.setting(Keyword.THROTTLE);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    Object n = templar.template(value.get());
    int limit;
    try {
      limit = Integer.parseInt(String.valueOf(n).strip());
    } catch (NumberFormatException e) {
      throw new ExprException("throttle must be a number of hosts, not '" + n + "'", "throttle");
    }
    return limit > 0 ? OptionalInt.of(limit) : OptionalInt.empty();
  }

  /** The end of the task's time (its timeout: keyword, in seconds), when it has one. */
  Optional<TaskTarget.Deadline> deadline() throws ExprException {
    Optional<Object> keyword = keywords.setting(Keyword.TIMEOUT);
    if (keyword.isEmpty()) {
      return Optional.empty();
    }
    Object value = templar.template(keyword.get());
    long seconds;
    try {
      seconds = Long.parseLong(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new ExprException(
          "timeout must be a number of seconds, not '" + value + "'", "timeout");
    }
    if (seconds <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new TaskTarget.Deadline(Duration.ofSeconds(seconds), Instant.now().plusSeconds(seconds)));
  }

  /** The host named by delegate_to, if any. */
  Optional<String> delegate() throws ExprException {
    Optional<Object> to = keywords.setting(Keyword.DELEGATE_TO);
    if (to.isEmpty()) {
      return Optional.empty();
    }
    Object value = templar.template(to.get());
    return value == null || value == Templar.OMIT
        ? Optional.empty()
        : Optional.of(String.valueOf(value));
  }

  /**
   * Become from the host's ansible_become* variables, else the keywords, else -b/--become-user/-K
   * ({@link Precedence#setting}).
   */
  Optional<Become> become() throws ExprException {
    boolean on =
        Precedence.setting(
                variable("ansible_become").map(Booleans::isTrue),
                keyword(Keyword.BECOME).map(Booleans::isTrue),
                options.become() ? Optional.of(true) : Optional.empty())
            .orElse(false);
    if (!on) {
      return Optional.empty();
    }
    String user =
        Precedence.setting(
                variable("ansible_become_user").map(String::valueOf),
                keyword(Keyword.BECOME_USER).map(String::valueOf),
                options.becomeUser())
            .orElse("root");
    String method =
        Precedence.setting(
                variable("ansible_become_method").map(String::valueOf),
                keyword(Keyword.BECOME_METHOD).map(String::valueOf),
                options.becomeMethod())
            .orElse("sudo");
    Optional<String> password =
        variable("ansible_become_password")
            .map(String::valueOf)
            .or(() -> variableQuietly("ansible_become_pass"))
            .or(options::becomePassword);
    Become.Method how =
        switch (method) {
          case "sudo" -> Become.Method.SUDO;
          case "su" -> Become.Method.SU;
          default ->
              throw new ExprException(
                  "become_method '" + method + "' is not supported; use sudo or su", method);
        };
    return Optional.of(new Become(user, how, password));
  }

  /** The environment: keyword, templated; one expression may give a whole mapping. */
  Map<String, String> environment() throws ExprException {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : keywords.environment().entrySet()) {
      Object value = templar.templateToStore(entry.getValue());
      if (entry.getKey().isEmpty()) {
        // a variable named as written; text from a target is never evaluated (nor used)
        Object evaluated = value instanceof String text ? templar.evaluate(text) : value;
        if (evaluated instanceof Map<?, ?> map) {
          map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
      } else if (value != Templar.OMIT) {
        env.put(entry.getKey(), value == null ? "" : String.valueOf(value)); // unsafe: its text
      }
    }
    return env;
  }

  /** check_mode: on the task or around it, else --check. */
  boolean check() throws ExprException {
    Optional<Object> keyword = keywords.setting(Keyword.CHECK_MODE);
    if (keyword.isPresent()) {
      return Booleans.isTrue(templar.template(keyword.get()));
    }
    return options.check();
  }

  /** no_log; a no_log that cannot be templated hides the output all the same. */
  boolean noLog() {
    Optional<Object> keyword = keywords.setting(Keyword.NO_LOG);
    if (keyword.isEmpty()) {
      return false;
    }
    try {
      return Booleans.isTrue(templar.template(keyword.get()));
    } catch (ExprException e) {
      return true;
    }
  }

  /**
   * Whether the task runs in diff mode, so that its result carries the diff as in Ansible: its diff
   * keyword, else the run's --diff (ansible_diff_mode).
   */
  boolean diffMode() {
    try {
      Optional<Object> keyword = keywords.setting(Keyword.DIFF);
      return Booleans.isTrue(
          keyword.isPresent()
              ? templar.template(keyword.get())
              : templar.lookup("ansible_diff_mode"));
    } catch (ExprException e) {
      return false;
    }
  }

  /** A yes/no keyword such as ignore_errors; false when absent or not templatable. */
  boolean flag(Keyword keyword) {
    Optional<Object> value = keywords.setting(keyword);
    if (value.isEmpty()) {
      return false;
    }
    try {
      return Booleans.isTrue(templar.template(value.get()));
    } catch (ExprException e) {
      return false;
    }
  }

  /** Whether every when: condition holds. */
  boolean conditionsHold() throws ExprException {
    return ResultRules.allHold(templar, keywords.when());
  }

  /** Whether a variable is defined in the task's scope. */
  static boolean defined(Templar templar, String variable) throws ExprException {
    try {
      return templar.lookup(variable) != null;
    } catch (UndefinedVariableException e) {
      return false;
    }
  }

  /** A keyword's value, templated; empty when no level sets it. */
  private Optional<Object> keyword(Keyword keyword) throws ExprException {
    Optional<Object> value = keywords.setting(keyword);
    return value.isPresent()
        ? Optional.ofNullable(templar.template(value.get()))
        : Optional.empty();
  }

  /** A variable's value; empty when it is not defined. */
  private Optional<Object> variable(String variable) throws ExprException {
    return defined(templar, variable) ? Optional.of(templar.lookup(variable)) : Optional.empty();
  }

  private Optional<String> variableQuietly(String variable) {
    try {
      return defined(templar, variable)
          ? Optional.of(String.valueOf(templar.lookup(variable)))
          : Optional.empty();
    } catch (ExprException e) {
      return Optional.empty();
    }
  }
}
