package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans putting content into a file with given attributes, as copy and template do: probe the
 * destination once (type, attributes, checksum), then either nothing, only chmod/chown, or an
 * atomic write. The diff shows the content change and the attribute changes.
 */
final class FilePlanner {
  private FilePlanner() {}

  record Request(
      String dest,
      Content content,
      Attributes attributes,
      String validate,
      boolean backup,
      boolean force) {}

  static Plan plan(Target target, Request request, Map<String, Object> baseResult)
      throws ModuleException {
    return plan(target, request, FileInfo.probe(target, request.dest(), true), baseResult);
  }

  static Plan plan(Target target, Request request, FileInfo info, Map<String, Object> baseResult)
      throws ModuleException {
    String dest = request.dest();
    Map<String, Object> result = new LinkedHashMap<>(baseResult);
    String checksum;
    long size;
    try {
      checksum = request.content().sha1();
      size = request.content().size();
    } catch (IOException e) {
      throw new ModuleException("cannot read the source: " + e.getMessage());
    }
    result.put("dest", dest);
    result.put("checksum", checksum);
    result.put("size", size);
    result.put("state", "file");
    FileInfo.Stat current = info.effective();
    if (current.type().equals("directory")) {
      throw new ModuleException(
          "dest "
              + dest
              + " is a directory; give the file's full path, or end dest with '/' to"
              + " copy into it");
    }
    if (current.exists() && !current.type().equals("file")) {
      throw new ModuleException(
          "dest " + dest + " exists and is not a regular file (" + current.type() + ")");
    }
    if (current.exists() && !request.force()) {
      result.put("msg", "file already exists (force: false)");
      return Plan.ok(result);
    }
    Attributes attributes = request.attributes();
    if (current.exists() && checksum.equals(info.checksum())) {
      Attributes.Changes changes = attributes.compare(dest, current, 0644, false);
      attributes.report(result, current, 0644, false);
      return changes.plan(dest, result);
    }
    List<Diff> diffs = new ArrayList<>();
    diffs.add(contentDiff(target, dest, current, request.content()));
    FileInfo.Stat newStat = current.exists() ? current : FileInfo.Stat.ABSENT;
    diffs.addAll(attributes.compare(dest, newStat, 0644, false).diffs());
    attributes.report(result, current, 0644, false);
    AtomicWrite write =
        new AtomicWrite(dest, info, attributes, request.validate(), request.backup());
    return Plan.change(
        diffs,
        result,
        on ->
            request.content().bytes() != null
                ? write.write(on, request.content().bytes())
                : write.write(on, request.content().file()));
  }

  /** A unified diff of the content when both sides are text and small, else a checksum line. */
  static Diff contentDiff(Target target, String dest, FileInfo.Stat current, Content content)
      throws ModuleException {
    String after;
    try {
      after = content.textForDiff();
    } catch (IOException e) {
      throw new ModuleException("cannot read the source: " + e.getMessage());
    }
    String before = "";
    if (current.exists()) {
      before = null;
      if (current.size() <= Content.DIFF_LIMIT) {
        ExecResult read = target.run(Command.of("cat -- " + ShellQuote.quote(dest)));
        if (read.ok()) {
          before = Content.text(read.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    if (before == null || after == null) {
      return new Diff(
          dest,
          current.exists() ? "(binary or large content)\n" : "",
          "(new binary or large content)\n");
    }
    return new Diff(dest, before, after);
  }
}
