package dev.ploy.report;

import dev.ploy.diff.Diff;
import dev.ploy.expr.Json;
import dev.ploy.run.TaskResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A task's result as Ansible's callbacks show it, for the playbook console and the ad-hoc output
 * alike: which keys are shown, how a debug result is cleaned, how diffs are merged.
 */
final class ResultView {
  /** As Ansible's callbacks dump a result: keys sorted, text beyond ASCII as it is. */
  static final Json.Format JSON = Json.Format.DUMPS.sorted().unicode();

  private static final Set<String> DEBUG_ALLOWED_KEYS =
      Set.of("msg", "exception", "warnings", "deprecations");
  private static final Set<String> HIDDEN_IN_DEBUG =
      Set.of("changed", "failed", "skipped", "invocation", "skip_reason");

  private ResultView() {}

  /**
   * The result as shown: internal keys, and failed and skipped (the status says them), left out;
   * the invocation only from -vv, the diff (shown as a diff) only from -vvv, as Ansible's.
   */
  static Map<String, Object> visible(Map<String, Object> data, int verbosity) {
    Map<String, Object> shown = new LinkedHashMap<>();
    data.forEach(
        (k, v) -> {
          if (!k.startsWith("_ansible")
              && !k.startsWith("_ploy")
              && !k.equals("failed")
              && !k.equals("skipped")
              && (verbosity > 1 || !k.equals("invocation"))
              && (verbosity > 2 || !k.equals("diff"))) {
            shown.put(k, v);
          }
        });
    return shown;
  }

  /** A debug result cleaned as Ansible's callbacks clean it: a msg stands alone. */
  static Map<String, Object> debugCleaned(Map<String, Object> visible) {
    Map<String, Object> shown = new LinkedHashMap<>(visible);
    if (shown.containsKey("msg")) {
      shown.keySet().retainAll(DEBUG_ALLOWED_KEYS);
    } else {
      shown.keySet().removeAll(HIDDEN_IN_DEBUG);
    }
    return shown;
  }

  /**
   * The result's diffs as --diff shows them, one block per path: its content as a unified diff, its
   * attributes (mode, owner, state) apart from the content lines.
   */
  static String diffs(TaskResult result) {
    return Diff.render(result.diffs());
  }
}
