package dev.ploy.run;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.LoopLookups;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.playbook.Loop;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The items of a {@code loop:} or {@code with_*:}, the variables each item sees, and the total. */
final class LoopItems {
  private LoopItems() {}

  /** The items of a task's loop; {@code action}, the module the task calls, as written. */
  static List<Object> resolve(Loop loop, Templar templar, Path playbookDir, String action)
      throws ExprException {
    // items keep their unsafe marks: each is stored as the loop variable and read again from there
    Object raw = templar.templateToStore(loop.items());
    return switch (loop.kind()) {
      case "loop" -> asList(raw, loop.kind());
      case "fileglob" -> fileglob(asList(Unsafe.strip(raw), "with_fileglob"), playbookDir);
        // a with_* lookup's items are unsafe, as Ansible wraps them: a value read through one (a
        // template in another host's variables) is not templated again when read (issue 64169)
      default ->
          asList(Unsafe.wrap(LoopLookups.items(loop.kind(), raw, templar, action)), loop.kind());
    };
  }

  static Map<String, Object> loopVars(Loop loop, Templar templar, List<Object> items, int index)
      throws ExprException {
    Map<String, Object> vars = new LinkedHashMap<>();
    // loop_var and index_var may be templated ("{{ name }}"), as in Ansible
    String loopVar = String.valueOf(templar.template(loop.loopVar()));
    vars.put(loopVar, items.get(index));
    vars.put("ansible_loop_var", loopVar);
    if (loop.indexVar() != null) {
      String indexVar = String.valueOf(templar.template(loop.indexVar()));
      vars.put(indexVar, (long) index);
      vars.put("ansible_index_var", indexVar);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("allitems", items);
    info.put("index", (long) index + 1);
    info.put("index0", (long) index);
    info.put("revindex", (long) (items.size() - index));
    info.put("revindex0", (long) (items.size() - index - 1));
    info.put("first", index == 0);
    info.put("last", index == items.size() - 1);
    info.put("length", (long) items.size());
    // as Ansible: no previtem on the first item and no nextitem on the last (undefined, not None)
    if (index > 0) {
      info.put("previtem", items.get(index - 1));
    }
    if (index + 1 < items.size()) {
      info.put("nextitem", items.get(index + 1));
    }
    // as Ansible: ansible_loop only with loop_control's extended
    if (loop.extended()) {
      vars.put("ansible_loop", info);
    }
    return vars;
  }

  /**
   * The result of a whole loop, as Ansible registers it: results, changed if any item's result says
   * changed (a failed item too: a command retried by until until it ran out changed each time).
   */
  static TaskResult aggregate(List<TaskResult> items) {
    boolean anyChanged =
        items.stream().anyMatch(r -> r.isChanged() || Boolean.TRUE.equals(r.data().get("changed")));
    boolean anyFailed = items.stream().anyMatch(r -> r.status() == Status.FAILED);
    boolean anyUnreachable = items.stream().anyMatch(r -> r.status() == Status.UNREACHABLE);
    boolean allSkipped =
        !items.isEmpty() && items.stream().allMatch(r -> r.status() == Status.SKIPPED);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", anyChanged);
    List<Object> results = new ArrayList<>();
    for (TaskResult item : items) {
      Map<String, Object> one = new LinkedHashMap<>(item.data());
      one.putIfAbsent("changed", item.isChanged());
      if (item.status() != Status.SKIPPED) {
        // as Ansible's: a skipped item's result says skipped, not whether it failed
        one.putIfAbsent("failed", item.status() == Status.FAILED);
      }
      results.add(one);
    }
    data.put("results", results);
    Status status;
    if (anyUnreachable) {
      status = Status.UNREACHABLE;
      data.put("unreachable", true);
    } else if (anyFailed) {
      status = Status.FAILED;
      data.put("failed", true);
      data.put("msg", "One or more items failed");
    } else if (items.isEmpty() || allSkipped) {
      status = Status.SKIPPED;
      data.put("skipped", true);
      data.put("msg", items.isEmpty() ? "No items in the list" : "All items skipped");
    } else {
      status = anyChanged ? Status.CHANGED : Status.OK;
      data.put("msg", "All items completed");
    }
    return new TaskResult(status, data, List.of(), false, items, null, null);
  }

  /**
   * The label of an item: loop_control's label templated, else the loop variable read as {@code {{
   * item }}} reads it, as Ansible's default label is that template. An item holding a template ("{{
   * x }}", from a variable) shows what it renders to, as reading it gives; an unsafe item (with_*)
   * shows as it is. A label that fails to render shows as written, or the item as held.
   */
  static String label(Loop loop, Templar itemTemplar, Map<String, Object> loopVars) {
    Object item = loopVars.get(String.valueOf(loopVars.get("ansible_loop_var")));
    try {
      if (loop.label() != null) {
        return String.valueOf(itemTemplar.render(loop.label()));
      }
      return display(itemTemplar.lookup(String.valueOf(loopVars.get("ansible_loop_var"))));
    } catch (ExprException e) {
      return loop.label() != null ? loop.label() : display(item);
    }
  }

  /** How an item is shown on the console: as Python's str() of it, the way Ansible shows it. */
  static String display(Object item) {
    Object plain = Unsafe.strip(item);
    return plain == null ? "None" : dev.ploy.expr.PyValues.str(plain);
  }

  private static List<Object> asList(Object raw, String what) throws ExprException {
    if (raw instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    if (raw == null) {
      return new ArrayList<>();
    }
    if ((raw instanceof String || raw instanceof Unsafe) && what.startsWith("with_")) {
      return new ArrayList<>(List.of(raw));
    }
    throw new ExprException(
        "Invalid data passed to '"
            + what
            + "', it requires a list, got this instead: "
            + raw
            + ". Hint: use dict2items for a mapping, or put the expression in {{ }}",
        String.valueOf(raw));
  }

  private static List<Object> fileglob(List<Object> patterns, Path playbookDir)
      throws ExprException {
    List<Object> out = new ArrayList<>();
    for (Object pattern : patterns) {
      Path path = Path.of(String.valueOf(pattern));
      Path full = path.isAbsolute() ? path : playbookDir.resolve("files").resolve(path);
      if (!path.isAbsolute()
          && !Files.isDirectory(full.getParent() == null ? playbookDir : full.getParent())) {
        full = playbookDir.resolve(path);
      }
      Path dir = full.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> stream =
          Files.newDirectoryStream(dir, full.getFileName().toString())) {
        List<String> found = new ArrayList<>();
        for (Path match : stream) {
          if (Files.isRegularFile(match)) {
            found.add(match.toString());
          }
        }
        java.util.Collections.sort(found);
        found.forEach(name -> out.add(new Unsafe(name))); // a lookup's results, unsafe in Ansible
      } catch (IOException e) {
        throw new ExprException("with_fileglob: " + e.getMessage(), String.valueOf(pattern));
      }
    }
    return out;
  }
}
