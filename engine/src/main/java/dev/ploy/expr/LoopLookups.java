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
    String plugin = Lookups.shortName(name);
    return Lookups.NAMES.contains(plugin) || ListLookups.has(plugin);
  }

  private static String firstFoundDir(String action) {
    for (String kind : List.of("template", "var")) {
      if (action.contains(kind)) {
        return kind + "s";
      }
    }
    return "files";
  }

  /** The lookups {@code with_*} can name, sorted, for messages. */
  public static List<String> names() {
    TreeSet<String> names = new TreeSet<>(Lookups.NAMES);
    names.addAll(ListLookups.NAMES);
    return List.copyOf(names);
  }

  /** The items of {@code with_<plugin>: terms} (the terms templated already). */
  public static List<Object> items(String plugin, Object terms, Templar templar)
      throws ExprException {
    return items(plugin, terms, templar, "");
  }

  /**
   * The items of {@code with_<plugin>: terms} in a task calling {@code action}: as Ansible's task
   * executor tells the lookup, first_found searches the templates folder of a role or playbook when
   * the action's name contains "template", vars when it contains "var", else files (so a {@code
   * with_first_found} of include_vars finds the role's vars/ files).
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
          new TemplarLookups(templar, false, firstFoundDir(action)));
    } catch (EvalError e) {
      // the lookup's own message: rescue tasks compare ansible_failed_result.msg with it
      throw new ExprException(e.getMessage(), null);
    }
  }
}
