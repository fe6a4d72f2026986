package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts an archive into dest with the target's tar or unzip: a local archive is sent to a
 * temporary file first and removed afterwards.
 *
 * @param remote the archive's path on the target, or null when it is {@code local}
 */
record Extraction(
    ArchiveFormat format,
    String dest,
    String remote,
    Path local,
    List<String> excludes,
    List<String> extraOpts) {

  Map<String, Object> run(Target target) throws ModuleException {
    String archive = remote != null ? remote : Unarchive.stage(target, local);
    try {
      List<String> argv = argv(archive);
      String script = "cd -- " + ShellQuote.quote(dest) + " && " + ShellQuote.join(argv);
      ExecResult done = target.run(Command.of(script));
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("cmd", argv);
      result.put("rc", done.rc());
      result.put("out", done.stdout());
      result.put("err", done.stderr());
      if (!done.ok()) {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("extract_results", result);
        throw new ModuleException(
            "failed to unpack " + archive + " into " + dest + ": " + done.stderr().strip(), failed);
      }
      return result;
    } finally {
      if (remote == null) {
        try {
          target.connection().exec(Command.of("rm -f -- " + ShellQuote.quote(archive)));
        } catch (ConnectionException e) {
          // the temporary file stays in /tmp; the extraction result stands
        }
      }
    }
  }

  private List<String> argv(String archive) {
    List<String> argv = new ArrayList<>();
    if (format == ArchiveFormat.ZIP) {
      argv.addAll(List.of("unzip", "-o", "-q"));
      argv.addAll(extraOpts);
      argv.add(ShellQuote.operand(archive));
      if (!excludes.isEmpty()) {
        argv.add("-x");
        argv.addAll(excludes);
      }
      argv.addAll(List.of("-d", "."));
      return argv;
    }
    argv.add("tar");
    argv.add("-x");
    if (!format.tarFlag.isEmpty()) {
      argv.add(format.tarFlag);
    }
    argv.addAll(List.of("-f", archive));
    for (String exclude : excludes) {
      argv.add("--exclude=" + exclude);
    }
    argv.addAll(extraOpts);
    return argv;
  }
}
