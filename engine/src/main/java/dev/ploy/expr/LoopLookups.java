package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The lookups a task's {@code with_<lookup>:} loops over, as Ansible runs them: the loop's value (a
 * list, or one value made a list) is the lookup's terms, and its results are the items.
 */
public final class LoopLookups {
  private LoopLookups() {}

  /** Whether {@code with_<name>} names a lookup ploy has. */
  public static boolean has(String name) {
    return Lookups.NAMES.contains(name) || ListLookups.has(name);
  }

  /** The lookups {@code with_*} can name, sorted, for messages. */
  public static List<String> names() {
    TreeSet<String> names = new TreeSet<>(Lookups.NAMES);
    names.addAll(ListLookups.NAMES);
    return List.copyOf(names);
  }

  /** The items of {@code with_<plugin>: terms} (the terms templated already) of any task. */
  public static List<Object> items(String plugin, Object terms, Templar templar)
      throws ExprException {
    return items(plugin, terms, templar, "");
  }

  /**
   * The items of {@code with_<plugin>: terms} (the terms templated already) of a task calling
   * {@code action}: as Ansible's task executor, first_found looks first in a role's or playbook's
   * templates/ when the action's name holds "template", vars/ when it holds "var", else files/.
   */
  public static List<Object> items(String plugin, Object terms, Templar templar, String action)
      throws ExprException {
    if ((plugin.equals("indexed_items") || plugin.equals("list")) && terms instanceof Map) {
      throw new ExprException("with_" + plugin + " expects a list", null); // Ansible's words
    }
    List<Object> list =
        terms instanceof List<?> l
            ? new ArrayList<>(l)
            : terms == null ? new ArrayList<>() : new ArrayList<>(List.of(terms));
    try {
      return Lookups.run(
          plugin,
          list,
          new Args(plugin, null, List.of(), Map.of()),
          new TemplarLookups(templar, firstFoundDir(action)));
    } catch (EvalError e) {
      // the lookup's own message: rescue tasks compare ansible_failed_result.msg with it
      throw new ExprException(e.getMessage(), null);
    }
  }

  private static String firstFoundDir(String action) {
    for (String kind : List.of("template", "var")) {
      if (action.contains(kind)) {
        return kind + "s";
      }
    }
    return "files";
  }
}
