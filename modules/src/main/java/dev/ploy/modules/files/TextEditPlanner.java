package dev.ploy.modules.files;

import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an in-memory edit of a file ({@link Edit}) into a plan, as lineinfile, blockinfile and
 * replace need: nothing, only mode/owner/group, or an atomic write of the new content to the real
 * path (validated, with an optional backup, creating missing parent directories). Messages follow
 * Ansible's ("line added and ownership, perms or SE linux context changed").
 */
final class TextEditPlanner {
  static final String ATTRIBUTES_CHANGED = "ownership, perms or SE linux context changed";

  private TextEditPlanner() {}

  /**
   * Reads the file a text-editing module works on: a directory or anything else that is not a
   * regular file is refused (a missing file is returned as missing).
   */
  static TextFile readRegular(Target target, String path) throws ModuleException {
    TextFile file = TextFile.read(target, path);
    if (file.info().effective().type().equals("directory")) {
      throw new ModuleException("Path " + path + " is a directory !", Map.of("rc", 256));
    }
    if (file.exists() && file.content() == null) {
      throw new ModuleException(
          "Path " + path + " is " + file.info().effective().type() + ", not a regular file");
    }
    return file;
  }

  /**
   * The plan of {@code edit} on {@code file}, with the module's path, owner/group/mode, validate
   * and backup arguments; {@code moduleResult} holds the module's own keys (msg is set here).
   */
  static Plan plan(Args args, TextFile file, Edit edit, Map<String, Object> moduleResult)
      throws ModuleException {
    String path = args.str("path");
    String validate = args.optStr("validate").orElse(null);
    boolean backup = args.bool("backup");
    Attributes wanted = Attributes.of(args);
    Map<String, Object> result = new LinkedHashMap<>(moduleResult);
    String dest = file.realPath();
    FileInfo.Stat stat = file.info().effective();
    Attributes.Changes attributes =
        wanted.compare(dest, stat.exists() ? stat : FileInfo.Stat.ABSENT, 0644, false);
    boolean attributesDiffer = stat.exists() && !attributes.none();
    String msg = edit.msg();
    if (attributesDiffer) {
      msg = edit.changed() ? msg + " and " + ATTRIBUTES_CHANGED : ATTRIBUTES_CHANGED;
    }
    result.put("msg", msg);
    if (!edit.changed()) {
      if (!attributesDiffer) {
        return Plan.ok(result);
      }
      return attributes.plan(dest, result);
    }
    List<Diff> diffs = new ArrayList<>();
    diffs.add(contentDiff(path, file.content(), ByteText.bytes(edit.content())));
    diffs.addAll(attributes.diffs());
    AtomicWrite write = new AtomicWrite(dest, file.info(), wanted, validate, backup);
    byte[] bytes = ByteText.bytes(edit.content());
    boolean makeParent = !file.exists() && !file.parentExists();
    return Plan.change(
        diffs,
        result,
        on -> {
          if (makeParent) {
            String parent = parent(dest);
            ShellSteps.run(on, List.of("mkdir -p -- " + ShellQuote.quote(parent)), parent);
          }
          Map<String, Object> written = new LinkedHashMap<>(write.write(on, bytes));
          if (result.containsKey("backup") && written.containsKey("backup_file")) {
            written.put("backup", written.get("backup_file"));
          }
          return written;
        });
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The content change as text, or a placeholder when either side is not UTF-8 text. */
  static Diff contentDiff(String path, byte[] before, byte[] after) {
    String old = before == null ? "" : Content.text(before);
    String now = Content.text(after);
    if (old == null || now == null || before != null && before.length > Content.DIFF_LIMIT) {
      return new Diff(path, "(binary or large content)\n", "(changed binary or large content)\n");
    }
    return new Diff(path, old, now);
  }
}
