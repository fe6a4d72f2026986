package dev.ploy.run;

import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What no_log and secret arguments hide: a censored result in place of a no_log task's, secret
 * argument values masked in command traces and in -vv's module arguments.
 */
final class Secrets {
  static final String NO_LOG_MESSAGE =
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

  private Secrets() {}

  /** A no_log task's result as it is shown: its status, and nothing of its data. */
  static TaskResult censored(TaskResult result) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("censored", NO_LOG_MESSAGE);
    data.put("changed", result.isChanged());
    return new TaskResult(
        result.status(),
        data,
        List.of(),
        result.ignored(),
        List.of(),
        result.label() == null ? null : "(censored)",
        null,
        result.delegatedTo());
  }

  /** The values of the task's secret arguments (passwords), as text. */
  static List<String> values(Module module, Map<String, Object> rawArgs) {
    List<String> values = new ArrayList<>();
    rawArgs.forEach(
        (name, value) -> {
          if (value != null && !String.valueOf(value).isEmpty() && isSecret(module, name)) {
            values.add(String.valueOf(value));
          }
        });
    return values;
  }

  /** A command line with every secret value, quoted or not, replaced by a mask. */
  static String masked(String line, List<String> secrets) {
    String shown = line;
    for (String secret : secrets) {
      shown = shown.replace(ShellQuote.quote(secret), "'********'").replace(secret, "********");
    }
    return shown;
  }

  /** Module arguments as -vv shows them: secret ones (passwords) masked, as Ansible does. */
  static Map<String, Object> shownArgs(Module module, Map<String, Object> rawArgs) {
    Map<String, Object> shown = new LinkedHashMap<>();
    rawArgs.forEach(
        (name, value) ->
            shown.put(
                name, isSecret(module, name) ? "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" : value));
    return shown;
  }

  private static boolean isSecret(Module module, String name) {
    return module.spec().arg(name).map(Arg::noLog).orElse(false);
  }
}
