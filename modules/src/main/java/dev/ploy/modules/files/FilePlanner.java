package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Args;
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

  /**
   * @param standalone whether the content stands on its own (copy, template): a write that finds
   *     dest changed since the probe may write it again; false when it was computed from dest's
   *     earlier content, which such a change made stale: the write fails rather than lose it
   * @param editedFrom for content that does not stand alone, the exact text it was computed from
   *     ("" for a missing file), which dest must still hold; null: what the probe saw
   */
  record Request(
      String dest,
      Content content,
      Attributes attributes,
      String validate,
      boolean backup,
      boolean force,
      boolean standalone,
      String editedFrom) {
    Request(
        String dest,
        Content content,
        Attributes attributes,
        String validate,
        boolean backup,
        boolean force) {
      this(dest, content, attributes, validate, backup, force, true, null);
    }
  }

  /** A write of {@code content} to {@code dest} with the task's validate, backup and force. */
  static Request request(Args args, String dest, Content content, Attributes attributes) {
    return new Request(
        dest,
        content,
        attributes,
        args.optStr("validate").orElse(null),
        args.bool("backup"),
        args.bool("force"));
  }

  static Plan plan(Target target, Request request, Map<String, Object> baseResult)
      throws ModuleException {
    return plan(
        target,
        request,
        FileInfo.probe(target, request.dest(), true, request.attributes()),
        baseResult);
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
      // Ansible's result of a file already there: the file module's, with its path and ids
      result.put("path", dest);
      if (attributes.owner() == null || attributes.owner().equals(current.owner())) {
        result.put("uid", (long) current.uid());
      }
      if (attributes.group() == null || attributes.group().equals(current.group())) {
        result.put("gid", (long) current.gid());
      }
      return changes.plan(dest, result);
    }
    try {
      result.put("md5sum", request.content().md5());
    } catch (IOException e) {
      throw new ModuleException("cannot read the source: " + e.getMessage());
    }
    List<Diff> diffs = new ArrayList<>();
    diffs.add(contentDiff(target, dest, current, request.content()));
    FileInfo.Stat newStat = current.exists() ? current : FileInfo.Stat.ABSENT;
    diffs.addAll(attributes.compare(dest, newStat, 0644, false).diffs());
    attributes.report(result, current, 0644, false);
    return Plan.change(diffs, result, on -> write(on, request, info));
  }

  /**
   * Writes the content if dest is still what the probe saw. When another writer changed it
   * meanwhile, probes again and writes only if the new file still differs (and force allows), up to
   * {@link TextEditPlanner#ATTEMPTS} times; content held in memory is probed and written again
   * under the directory's lock (a streamed upload may outlast a held lock, so it is not).
   */
  private static Map<String, Object> write(Target target, Request request, FileInfo info)
      throws ModuleException {
    String dest = request.dest();
    byte[] bytes = request.content().bytes();
    for (int attempt = 1; ; attempt++) {
      DirectoryLock lock =
          attempt == 1 || bytes == null
              ? null
              : DirectoryLock.hold(target, Staging.directoryOf(dest));
      try {
        if (attempt > 1) {
          info = FileInfo.probe(target, dest, true);
          if (alreadyDone(request, info)) {
            return Map.of();
          }
        }
        AtomicWrite write =
            new AtomicWrite(dest, info, request.attributes(), request.validate(), request.backup())
                .ifUnchanged(expected(request, info))
                .reportingOwnership();
        if (lock != null) {
          write = write.under(lock);
        }
        return bytes != null
            ? write.write(target, bytes)
            : write.write(target, request.content().file());
      } catch (AtomicWrite.Changed changed) {
        if (!request.standalone()) {
          throw new ModuleException(
              dest
                  + " changed while it was being edited; what was to be written came from its"
                  + " earlier content, so it was left as the other writer made it",
              Map.of("dest", dest));
        }
        if (attempt == TextEditPlanner.ATTEMPTS) {
          throw new ModuleException(
              dest
                  + " changed while it was being edited (tried "
                  + TextEditPlanner.ATTEMPTS
                  + " times); it was left as the other writer made it",
              Map.of("dest", dest));
        }
      } finally {
        if (lock != null) {
          lock.release(target);
        }
      }
    }
  }

  /**
   * Whether a dest that changed since the probe needs no write: another writer put the same content
   * there, or created it where force: false keeps an existing file.
   */
  private static boolean alreadyDone(Request request, FileInfo info) throws ModuleException {
    String dest = request.dest();
    FileInfo.Stat now = info.effective();
    if (now.exists() && !now.type().equals("file")) {
      throw new ModuleException(
          "dest " + dest + " became " + now.type() + " while it was being written");
    }
    try {
      return now.exists() && (!request.force() || request.content().sha1().equals(info.checksum()));
    } catch (IOException e) {
      throw new ModuleException("cannot read the source: " + e.getMessage());
    }
  }

  /**
   * What the write expects to replace: the content the new one was edited from, or the probed
   * checksum; absent; or null (no check).
   */
  private static String expected(Request request, FileInfo info) throws ModuleException {
    FileInfo.Stat current = info.effective();
    if (request.editedFrom() != null) {
      try {
        return !current.exists() && request.editedFrom().isEmpty()
            ? AtomicWrite.ABSENT
            : Content.of(request.editedFrom()).sha1();
      } catch (IOException e) {
        throw new ModuleException("cannot read the content: " + e.getMessage());
      }
    }
    if (!current.exists()) {
      return AtomicWrite.ABSENT;
    }
    String checksum = info.checksum();
    return current.type().equals("file") && checksum != null && !checksum.isEmpty()
        ? checksum
        : null;
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
    return current.exists() ? new Diff(dest, before, after) : Diff.created(dest, after);
  }
}
