package dev.ploy.modules.packages;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
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
import java.util.TreeMap;

/**
 * An APT source in the deb822 format (ansible-core 2.15's deb822_repository):
 * /etc/apt/sources.list.d/SLUG.sources, its fields written in the order and the form the Ansible
 * module writes them, replaced atomically only when they differ.
 */
public final class Deb822Repository implements Module {
  static final String KEYRINGS_DIR = "/etc/apt/keyrings/";

  private static final List<String> BOOLEANS =
      List.of(
          "allow_downgrade_to_insecure",
          "allow_insecure",
          "allow_weak",
          "by_hash",
          "check_date",
          "check_valid_until",
          "enabled",
          "pdiffs",
          "trusted");
  private static final List<String> LISTS =
      List.of("architectures", "components", "languages", "suites", "targets", "types", "uris");

  private static final ModuleSpec SPEC = declare();

  private static ModuleSpec declare() {
    ModuleSpec.Builder builder =
        ModuleSpec.builder("deb822_repository")
            .description(
                "Adds or removes an APT source in the deb822 format:"
                    + " /etc/apt/sources.list.d/SLUG.sources, SLUG being the name in lower case,"
                    + " blanks and '_' turned into '-', other characters than letters, digits"
                    + " and '-' dropped. The fields are written as ansible-core 2.15's module"
                    + " writes them (sorted by option name, yes/no, lists joined by spaces, a"
                    + " multi-line signed_by indented) and the file replaced atomically. The"
                    + " package lists are not refreshed: follow with apt update_cache. signed_by"
                    + " is an inline key or a path on the target; a URL is not fetched (put the"
                    + " key in /etc/apt/keyrings with get_url). ansible-core 2.14 has no such"
                    + " module, so there is no side-by-side comparison for this one.")
            .arg(
                Arg.str("name", "The repository's name (X-Repolib-Name), and its file's.")
                    .required())
            .arg(Arg.presence("present: the .sources file is there; absent: it is removed."))
            .arg(
                Arg.list("types", "deb, deb-src or both.")
                    .elements(ArgType.STR)
                    .defaultsTo(List.of("deb")))
            .arg(Arg.list("uris", "The repository's URIs.").elements(ArgType.STR))
            .arg(
                Arg.list("suites", "Suites (bookworm, ./ for a flat repository).")
                    .elements(ArgType.STR))
            .arg(Arg.list("components", "Components (main, contrib...).").elements(ArgType.STR))
            .arg(Arg.list("architectures", "Architectures to fetch.").elements(ArgType.STR))
            .arg(
                Arg.list("languages", "Languages of the translations to fetch.")
                    .elements(ArgType.STR))
            .arg(Arg.list("targets", "Index targets to fetch.").elements(ArgType.STR))
            .arg(
                Arg.str(
                    "signed_by",
                    "The key the repository is signed with: an armored key (several lines) or the"
                        + " path of a keyring on the target."))
            .arg(Arg.bool("enabled", "Enabled: no keeps the source but makes APT skip it."))
            .arg(Arg.bool("trusted", "Trust the repository even unsigned."))
            .arg(Arg.bool("allow_insecure", "Allow an unsigned repository."))
            .arg(Arg.bool("allow_weak", "Allow weak signatures."))
            .arg(
                Arg.bool(
                    "allow_downgrade_to_insecure", "Allow a signed repository to become unsigned."))
            .arg(Arg.bool("by_hash", "Fetch indexes by hash."))
            .arg(Arg.bool("check_date", "Check the Release file's date."))
            .arg(Arg.bool("check_valid_until", "Check the Release file's Valid-Until."))
            .arg(Arg.bool("pdiffs", "Fetch index diffs."))
            .arg(
                Arg.integer("date_max_future", "How far in the future a Release may be dated (s)."))
            .arg(Arg.str("inrelease_path", "The path of the InRelease file."))
            .arg(Arg.mode("mode", "Mode of the .sources file.").defaultsTo("0644"))
            .notHonoured(
                Arg.bool(
                        "install_python_debian",
                        "Install python3-debian on the target (ploy needs no Python there).")
                    .defaultsTo(true))
            .example(
                "- name: Docker's repository\n"
                    + "  ansible.builtin.deb822_repository:\n"
                    + "    name: docker\n"
                    + "    uris: https://download.docker.com/linux/debian\n"
                    + "    suites: bookworm\n"
                    + "    components: stable\n"
                    + "    signed_by: /etc/apt/keyrings/docker.asc\n");
    return builder.build();
  }

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String slug = slug(args.str("name"));
    String dest = AptRepository.SOURCES_DIR + slug + ".sources";
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dest", dest);
    result.put("key_filename", null);
    if (!args.present()) {
      return absent(target, slug, dest, result);
    }
    String repo = render(fields(args));
    result.put("repo", repo);
    return FileWrites.content(target, dest, repo, args.str("mode"), result);
  }

  /** Removes the .sources file and the keys Ansible's module would have fetched for it. */
  private static Plan absent(Target target, String slug, String dest, Map<String, Object> result)
      throws ModuleException {
    List<String> paths = List.of(dest, KEYRINGS_DIR + slug + ".asc", KEYRINGS_DIR + slug + ".gpg");
    StringBuilder probe = new StringBuilder();
    for (String path : paths) {
      probe
          .append("[ -e ")
          .append(ShellQuote.quote(path))
          .append(" ] && echo ")
          .append(ShellQuote.quote(path))
          .append("; ");
    }
    probe.append("true");
    ExecResult found = target.run(Command.of(probe.toString()));
    List<String> there = found.stdout().lines().filter(paths::contains).toList();
    result.put("repo", null);
    if (there.isEmpty()) {
      return Plan.ok(result);
    }
    List<Diff> diffs = new ArrayList<>();
    for (String path : there) {
      diffs.add(Diff.property(path, "state", "file", "absent"));
    }
    return Plan.change(
        diffs,
        result,
        on -> {
          List<String> argv = new ArrayList<>(List.of("rm", "-f", "--"));
          argv.addAll(there);
          ExecResult rm = on.run(argv);
          if (!rm.ok()) {
            throw new ModuleException("cannot remove " + there + ": " + rm.stderr().strip());
          }
          return Map.of();
        });
  }

  /** The fields as deb822 names them, with their values as text, in the Ansible module's order. */
  static Map<String, String> fields(Args args) throws ModuleException {
    Map<String, String> byOption = new TreeMap<>();
    byOption.put("name", oneLine("name", args.str("name")));
    for (String option : LISTS) {
      if (args.has(option)) {
        List<String> words = new ArrayList<>();
        for (String word : args.strings(option)) {
          if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
            throw new ModuleException(option + " takes one word per item, not '" + word + "'");
          }
          words.add(word);
        }
        if (option.equals("types")
            && !words.stream().allMatch(t -> t.equals("deb") || t.equals("deb-src"))) {
          throw new ModuleException("types may hold only deb and deb-src, not " + words);
        }
        byOption.put(option, String.join(" ", words));
      }
    }
    for (String option : BOOLEANS) {
      if (args.has(option)) {
        byOption.put(option, args.bool(option) ? "yes" : "no");
      }
    }
    if (args.has("date_max_future")) {
      byOption.put("date_max_future", Long.toString(args.integer("date_max_future")));
    }
    if (args.has("inrelease_path")) {
      byOption.put("inrelease_path", oneLine("inrelease_path", args.str("inrelease_path")));
    }
    if (args.has("signed_by")) {
      String key = args.str("signed_by");
      if (key.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*")) {
        throw new ModuleException(
            "signed_by is a URL ("
                + key
                + "): ploy does not fetch keys; download it into /etc/apt/keyrings with get_url"
                + " and give its path");
      }
      byOption.put("signed_by", key);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    byOption.forEach((option, value) -> fields.put(fieldName(option), value));
    return fields;
  }

  /**
   * The file: one {@code Field: value} line each; a value of several lines (an inline key) starts
   * on the next line, each line indented by four spaces, an empty one written as '.'.
   */
  static String render(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String value = field.getValue();
      if (value.contains("\n") || value.contains("\r")) {
        StringBuilder lines = new StringBuilder();
        for (String line : value.strip().split("\r\n|\r|\n")) {
          lines.append("\n    ").append(line.strip().isEmpty() ? "." : line.strip());
        }
        value = lines.toString();
      }
      out.append(field.getKey())
          .append(value.isEmpty() || value.startsWith("\n") ? ":" : ": ")
          .append(value)
          .append('\n');
    }
    return out.toString();
  }

  /** The Ansible module's field name for an option: name and uris aside, Title-Case-With-Dashes. */
  static String fieldName(String option) {
    if (option.equals("name")) {
      return "X-Repolib-Name";
    }
    if (option.equals("uris")) {
      return "URIs";
    }
    StringBuilder name = new StringBuilder();
    for (String part : option.split("_")) {
      if (name.length() > 0) {
        name.append('-');
      }
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }

  /** The file's name: lower case, runs of blanks and '_' as '-', nothing but [a-z0-9-] kept. */
  static String slug(String name) throws ModuleException {
    String slug =
        name.toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[_\\s]+", "-")
            .replaceAll("[^a-z0-9-]+", "");
    if (slug.isEmpty()) {
      throw new ModuleException("name '" + name + "' leaves no file name (letters, digits, '-')");
    }
    return slug;
  }

  private static String oneLine(String option, String value) throws ModuleException {
    if (value.contains("\n") || value.contains("\r")) {
      throw new ModuleException(option + " must be one line; it contains a line break");
    }
    return value;
  }
}
