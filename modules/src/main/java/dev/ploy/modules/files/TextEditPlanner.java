package dev.ploy.modules.files;

import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.expr.PyPattern;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an in-memory edit of a file ({@link Edit}) into a plan, as lineinfile, blockinfile and
 * replace need: nothing, only mode/owner/group, or an atomic write of the new content to the real
 * path (validated, with an optional backup, creating missing parent directories). Messages follow
 * Ansible's ("line added and ownership, perms or SE linux context changed").
 */
public final class TextEditPlanner {
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

  /** How many times a write is planned again when the file changed underneath it. */
  static final int ATTEMPTS = 5;

  /** A module's edit of a file's content (null: the file does not exist), as its rules give it. */
  @FunctionalInterface
  public interface Editor {
    Edit edit(byte[] content) throws ModuleException;
  }

  /**
   * Reads the module's file ({@link #readRegular}) and plans the edit {@code editor} makes of it: a
   * missing file the editor leaves missing (an edit without content) is nothing to do, with its
   * message; otherwise {@code keys} adds the module's own result keys for the edit to {@code
   * result}, and the edit is planned as {@link #plan} does.
   */
  static Plan planEdit(
      Target target,
      Args args,
      Editor editor,
      Map<String, Object> result,
      java.util.function.BiConsumer<Edit, Map<String, Object>> keys)
      throws ModuleException {
    return planEdit(target, args, args.str("path"), editor, result, keys);
  }

  /**
   * {@link #planEdit(Target, Args, Editor, Map, java.util.function.BiConsumer)} for a module whose
   * file is not its {@code path} argument (postgresql_pg_hba's {@code dest}).
   */
  public static Plan planEdit(
      Target target,
      Args args,
      String path,
      Editor editor,
      Map<String, Object> result,
      java.util.function.BiConsumer<Edit, Map<String, Object>> keys)
      throws ModuleException {
    TextFile file = readRegular(target, path);
    Edit edit = editor.edit(file.content());
    if (edit.content() == null) {
      result.put("msg", edit.msg());
      return Plan.ok(result);
    }
    keys.accept(edit, result);
    return plan(args, path, file, edit, editor, result);
  }

  /**
   * The insertafter or insertbefore expression a text edit searches for, compiled as Python's bytes
   * patterns are; null when it is one of {@code afterKeywords} (EOF...), BOF or not given.
   */
  static PyPattern insertion(String insertAfter, String insertBefore, Set<String> afterKeywords) {
    if (insertAfter != null && !afterKeywords.contains(insertAfter)) {
      return PyPattern.compile(ByteText.ofText(insertAfter), 0, false, "insertafter");
    }
    if (insertBefore != null && !insertBefore.equals("BOF")) {
      return PyPattern.compile(
          ByteText.ofText(insertBefore),
          0,
          false,
          insertAfter != null ? "insertafter" : "insertbefore");
    }
    return null;
  }

  /**
   * The edit {@code rules} make; a bad regular expression in the task fails it with its message.
   */
  static Edit edit(Editor rules, byte[] content) throws ModuleException {
    try {
      return rules.edit(content);
    } catch (IllegalArgumentException badPattern) {
      throw new ModuleException(badPattern.getMessage());
    }
  }

  /**
   * The plan of {@code edit} on {@code file}, with the module's path, owner/group/mode, validate
   * and backup arguments; {@code moduleResult} holds the module's own keys (msg is set here).
   *
   * <p>The write replaces the file only if it still is what was read; when another writer changed
   * it meanwhile, the file is read again and {@code editor} edits the new content, up to {@link
   * #ATTEMPTS} times, so a concurrent edit is never lost.
   */
  static Plan plan(
      Args args, TextFile file, Edit edit, Editor editor, Map<String, Object> moduleResult)
      throws ModuleException {
    return plan(args, args.str("path"), file, edit, editor, moduleResult);
  }

  private static Plan plan(
      Args args,
      String path,
      TextFile file,
      Edit edit,
      Editor editor,
      Map<String, Object> moduleResult)
      throws ModuleException {
    // ini_file declares no validate
    String validate =
        args.spec().arg("validate").isPresent() ? args.optStr("validate").orElse(null) : null;
    // postgresql_pg_hba's backup_file names its copy, which that module makes itself
    boolean backup =
        args.bool("backup")
            && !(args.spec().arg("backup_file").isPresent() && args.has("backup_file"));
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
    boolean makeParent = !file.exists() && !file.parentExists();
    return Plan.change(
        diffs,
        result,
        on -> {
          if (makeParent) {
            String parent = parent(dest);
            ShellSteps.run(on, List.of("mkdir -p -- " + ShellQuote.quote(parent)), parent);
          }
          Map<String, Object> written =
              new LinkedHashMap<>(write(on, path, file, edit, editor, wanted, validate, backup));
          if (result.containsKey("backup") && written.containsKey("backup_file")) {
            written.put("backup", written.get("backup_file"));
          }
          return written;
        });
  }

  /**
   * Writes the edit if the file is still as read. When another writer changed it meanwhile, holds
   * the directory's lock (which every ploy write takes) while reading, editing and writing again,
   * so another ploy run cannot win the race twice; only a writer outside ploy can make every
   * attempt fail.
   */
  static Map<String, Object> write(
      Target target,
      String path,
      TextFile read,
      Edit edit,
      Editor editor,
      Attributes wanted,
      String validate,
      boolean backup)
      throws ModuleException {
    for (int attempt = 1; ; attempt++) {
      DirectoryLock lock =
          attempt == 1 ? null : DirectoryLock.hold(target, Staging.directoryOf(read.realPath()));
      try {
        if (lock != null) {
          read = readRegular(target, path);
          edit = editor.edit(read.content());
          if (edit.content() == null || !edit.changed()) {
            // the other writer made the change (or removed the file): nothing is left to do
            return Map.of();
          }
        }
        AtomicWrite write =
            new AtomicWrite(read.realPath(), read.info(), wanted, validate, backup)
                .ifUnchanged(read.expected());
        return (lock == null ? write : write.under(lock))
            .write(target, ByteText.bytes(edit.content()));
      } catch (AtomicWrite.Changed changed) {
        if (attempt == ATTEMPTS) {
          throw new ModuleException(
              path
                  + " changed while it was being edited (tried "
                  + ATTEMPTS
                  + " times); it was left as the other writer made it",
              Map.of("path", path));
        }
      } finally {
        if (lock != null) {
          lock.release(target);
        }
      }
    }
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
    return before == null ? Diff.created(path, now) : new Diff(path, old, now);
  }
}
