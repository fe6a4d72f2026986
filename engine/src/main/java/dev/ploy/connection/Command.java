package dev.ploy.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One command to run on a target: a POSIX sh script (already quoted with {@link ShellQuote}), an
 * optional standard input, environment variables, privilege escalation and a time limit.
 *
 * <p>The script runs under {@code /bin/sh -c}; {@link #wrapped()} gives the exact line that a
 * connection hands to the target, with the environment exported and become applied.
 */
public record Command(
    String script,
    byte[] stdin,
    Map<String, String> environment,
    Optional<Become> become,
    Optional<Duration> timeout) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Command {
    environment = Map.copyOf(new LinkedHashMap<>(environment));
    for (String name : environment.keySet()) {
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a valid environment variable name: " + name);
      }
    }
  }

  /** A script with no input, no extra environment and no become. */
  public static Command of(String script) {
    return new Command(script, null, Map.of(), Optional.empty(), Optional.empty());
  }

  /** Runs argv as given, each word quoted. */
  public static Command argv(List<String> argv) {
    return of(ShellQuote.join(argv));
  }

  /** Runs argv as given, each word quoted. */
  public static Command argv(String... argv) {
    return of(ShellQuote.join(argv));
  }

  public Command withStdin(byte[] input) {
    return new Command(script, input, environment, become, timeout);
  }

  public Command withStdin(String input) {
    return withStdin(input.getBytes(StandardCharsets.UTF_8));
  }

  public Command withEnvironment(Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>(environment);
    merged.putAll(env);
    return new Command(script, stdin, merged, become, timeout);
  }

  public Command withBecome(Optional<Become> how) {
    return new Command(script, stdin, environment, how, timeout);
  }

  public Command withTimeout(Duration limit) {
    return new Command(script, stdin, environment, become, Optional.of(limit));
  }

  /**
   * The script with the environment exported in front of it, quoted by the shared routine. Become
   * is left to the connection, which knows whether a password must go on standard input.
   */
  public String scriptWithEnvironment() {
    if (environment.isEmpty()) {
      return script;
    }
    StringBuilder line = new StringBuilder();
    environment.forEach(
        (name, value) ->
            line.append("export ")
                .append(name)
                .append('=')
                .append(ShellQuote.quote(value))
                .append("; "));
    return line.append(script).toString();
  }

  /**
   * The line handed to the target's login shell: {@code /bin/sh -c '<script>'}, behind sudo or su
   * when become is set. With a become password, sudo is told to read it from standard input ({@code
   * -S}) with an empty prompt; the connection writes the password line before any input.
   */
  public String wrapped() {
    String inner = ShellQuote.join("/bin/sh", "-c", scriptWithEnvironment());
    if (become.isEmpty()) {
      return inner;
    }
    Become how = become.get();
    return switch (how.method()) {
      case SUDO ->
          how.password().isPresent()
              // The password is the first line of stdin. When sudo asks for it, 'sudo -S' reads
              // exactly that line (one byte at a time) and the command gets the rest; when sudo
              // does not ask (NOPASSWD, or a cached timestamp), the shell reads the line itself so
              // it never reaches the command. It never appears on a command line.
              ? "if sudo -n true 2>/dev/null; then IFS= read -r ploy_become_pw; unset ploy_become_pw;"
                  + " exec sudo -H -n -u "
                  + ShellQuote.quote(how.user())
                  + " -- "
                  + inner
                  + "; else exec sudo -H -S -p '' -u "
                  + ShellQuote.quote(how.user())
                  + " -- "
                  + inner
                  + "; fi"
              : "sudo -H -n -u " + ShellQuote.quote(how.user()) + " -- " + inner;
      case SU -> "su " + ShellQuote.quote(how.user()) + " -c " + ShellQuote.quote(inner);
    };
  }

  @Override
  public String toString() {
    return "Command[" + script + "]";
  }
}
