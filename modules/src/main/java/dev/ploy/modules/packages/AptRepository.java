package dev.ploy.modules.packages;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Apply;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.FileWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An APT source line in /etc/apt/sources.list.d: added to its own .list file (written atomically)
 * unless some source file already has it, or removed from every file that has it. Signing keys are
 * not this module's business: put the key in /etc/apt/keyrings with get_url or copy and name it in
 * the line with [signed-by=...] (apt-key is deprecated).
 */
public final class AptRepository implements Module {
  static final String SOURCES_DIR = "/etc/apt/sources.list.d/";
  private static final Pattern SOURCE = Pattern.compile("deb(-src)? (\\[[^\\]]*\\] )?\\S+ \\S+.*");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("apt_repository")
          .description(
              "Adds or removes an APT source line in /etc/apt/sources.list.d/FILENAME.list, then"
                  + " refreshes the package lists. Keys: place them in /etc/apt/keyrings (get_url,"
                  + " copy) and reference them with [signed-by=/etc/apt/keyrings/NAME.asc].")
          .arg(
              Arg.str(
                      "repo",
                      "The source line: 'deb [signed-by=/etc/apt/keyrings/x.asc] URI SUITE"
                          + " COMPONENT...'.")
                  .required())
          .arg(Arg.presence("present: the line is in a source file; absent: in none."))
          .arg(
              Arg.str(
                  "filename",
                  "The file's name in /etc/apt/sources.list.d, without .list (default: derived"
                      + " from the URI, as Ansible does)."))
          .arg(
              Arg.bool("update_cache", "Run apt-get update when the sources changed.")
                  .defaultsTo(true)
                  .aliases("update-cache"))
          .arg(Arg.mode("mode", "Mode of the .list file (new files: 0644)."))
          .example(
              "- name: Docker's repository\n"
                  + "  ansible.builtin.apt_repository:\n"
                  + "    repo: deb [signed-by=/etc/apt/keyrings/docker.asc]"
                  + " https://download.docker.com/linux/debian bookworm stable\n"
                  + "    filename: docker\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String raw = args.str("repo");
    if (raw.contains("\n") || raw.contains("\r")) {
      throw new ModuleException("repo must be a single source line (it contains a line break)");
    }
    String repo = normalize(raw);
    if (repo.startsWith("ppa:")) {
      throw new ModuleException(
          "PPA repositories (" + repo + ") are Ubuntu-only and not supported");
    }
    if (!SOURCE.matcher(repo).matches()) {
      throw new ModuleException(
          "repo is not a source line: '"
              + raw
              + "' (expected 'deb [options] URI SUITE [COMPONENT...]')");
    }
    String file = SOURCES_DIR + fileName(repo, args.optStr("filename").orElse(null));
    Map<String, String> sources = sources(target);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("repo", repo);
    result.put("state", args.str("state"));
    result.put("sources_added", List.of());
    result.put("sources_removed", List.of());
    List<Plan> edits = new ArrayList<>();
    List<Diff> diffs = new ArrayList<>();
    if (args.present()) {
      for (String content : sources.values()) {
        if (contains(content, repo)) {
          return Plan.ok(result);
        }
      }
      String old = sources.getOrDefault(file, "");
      String content = old + (old.isEmpty() || old.endsWith("\n") ? "" : "\n") + repo + "\n";
      Plan write =
          FileWrites.content(target, file, content, args.optStr("mode").orElse(null), Map.of());
      edits.add(write);
      diffs.addAll(write.diffs());
      result.put("sources_added", List.of(file));
    } else {
      List<String> removedFrom = new ArrayList<>();
      for (Map.Entry<String, String> source : sources.entrySet()) {
        if (!contains(source.getValue(), repo)) {
          continue;
        }
        removedFrom.add(source.getKey());
        String kept = without(source.getValue(), repo);
        if (kept.isBlank() && source.getKey().startsWith(SOURCES_DIR)) {
          String path = source.getKey();
          diffs.add(new Diff(path, source.getValue(), ""));
          edits.add(
              Plan.change(
                  List.of(),
                  Map.of(),
                  on -> {
                    ExecResult rm = on.run(Command.of("rm -f -- " + ShellQuote.quote(path)));
                    if (!rm.ok()) {
                      throw new ModuleException(
                          "cannot remove " + path + ": " + rm.stderr().strip());
                    }
                    return Map.of();
                  }));
        } else {
          Plan write = FileWrites.content(target, source.getKey(), kept, null, Map.of());
          edits.add(write);
          diffs.addAll(write.diffs());
        }
      }
      if (removedFrom.isEmpty()) {
        return Plan.ok(result);
      }
      result.put("sources_removed", removedFrom);
    }
    boolean update = args.bool("update_cache");
    return Plan.change(
        diffs,
        result,
        on -> {
          Map<String, Object> done = new LinkedHashMap<>();
          for (Plan edit : edits) {
            Apply apply = edit.apply().orElseThrow();
            done.putAll(apply.apply(on));
          }
          if (update) {
            Map<String, Object> updated = new AptGet(List.of(), 60).update(on);
            done.put("cache_updated", true);
            done.put("cache_update_time", updated.get("cache_update_time"));
          }
          return done;
        });
  }

  /** Every source file's content, by path: sources.list and sources.list.d/*.list. */
  private static Map<String, String> sources(Target target) throws ModuleException {
    ExecResult listed =
        target.run(
            Command.of(
                "for f in /etc/apt/sources.list "
                    + SOURCES_DIR
                    + "*.list; do"
                    + " [ -f \"$f\" ] || continue; printf '@@file %s\\n' \"$f\"; awk 1 \"$f\";"
                    + " done; echo @@end"));
    if (!listed.stdout().contains("@@end")) {
      throw new ModuleException("cannot read the APT sources: " + listed.stderr().strip());
    }
    Map<String, String> sources = new LinkedHashMap<>();
    String file = null;
    StringBuilder content = new StringBuilder();
    for (String line : listed.stdout().split("\n", -1)) {
      if (line.startsWith("@@file ") || line.equals("@@end")) {
        if (file != null) {
          sources.put(file, content.toString());
        }
        file = line.startsWith("@@file ") ? line.substring(7) : null;
        content.setLength(0);
      } else if (file != null) {
        content.append(line).append('\n');
      }
    }
    // awk 1 ends every file with a newline, so a marker always starts its own line
    return sources;
  }

  static String normalize(String line) {
    String withoutComment = line.contains(" #") ? line.substring(0, line.indexOf(" #")) : line;
    return String.join(" ", withoutComment.strip().split("\\s+"));
  }

  private static boolean contains(String content, String repo) {
    for (String line : content.split("\n")) {
      if (!line.strip().startsWith("#") && normalize(line).equals(repo)) {
        return true;
      }
    }
    return false;
  }

  private static String without(String content, String repo) {
    StringBuilder kept = new StringBuilder();
    for (String line : content.split("\n")) {
      if (line.strip().startsWith("#") || !normalize(line).equals(repo)) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  /**
   * Ansible's name: the filename given, else the URI without scheme, options and credentials, every
   * run of other characters than letters and digits turned into one '_'.
   */
  static String fileName(String repo, String given) throws ModuleException {
    if (given != null) {
      if (given.isEmpty() || given.contains("/") || given.startsWith(".")) {
        throw new ModuleException("filename must be a plain file name, not '" + given + "'");
      }
      return given + ".list";
    }
    String line = repo.replaceAll("\\[[^\\]]+\\]", "").replaceAll("\\w+://", "");
    String uri = "";
    for (String part : line.split("\\s+")) {
      if (!part.isEmpty() && !part.equals("deb") && !part.equals("deb-src")) {
        uri = part;
        break;
      }
    }
    if (uri.contains("@")) {
      uri = uri.substring(uri.indexOf('@') + 1);
    }
    return String.join("_", uri.replaceAll("[^a-zA-Z0-9]", " ").strip().split("\\s+")) + ".list";
  }
}
