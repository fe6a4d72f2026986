package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * package_facts: the installed packages in {@code ansible_facts.packages}, shaped as
 * ansible.builtin.package_facts shapes apt's (NAME -> [{name, version, arch, category, origin,
 * source}]), read with dpkg-query and apt-cache instead of python3-apt: the section and origin are
 * those of the installed version's first package file, as apt's cache gives them. Reads only.
 */
public final class PackageFacts implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("package_facts")
          .description(
              "Reads the installed packages into ansible_facts.packages: NAME -> a list of"
                  + " {name, version, arch, category, origin, source: apt}, one per installed"
                  + " version. apt (dpkg) only; needs no Python on the target. Changes nothing.")
          .arg(
              Arg.list("manager", "The package managers to read: auto or apt.")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of("auto")))
          .arg(
              Arg.str(
                      "strategy",
                      "first: the first manager found; all: every one (apt is the only one).")
                  .choices("first", "all")
                  .defaultsTo("first"))
          .example(
              "- name: Read the installed packages\n"
                  + "  ansible.builtin.package_facts:\n"
                  + "    manager: auto\n"
                  + "- ansible.builtin.debug:\n"
                  + "    msg: \"nginx {{ ansible_facts.packages['nginx'][0].version }}\"\n"
                  + "  when: \"'nginx' in ansible_facts.packages\"\n")
          .build();

  /**
   * The native architecture, every package dpkg has a current version of (apt's "installed": not
   * only config files left, not purged), apt-cache's records of those versions (their section), its
   * version tables (the first file of the installed version) and its package files (origins).
   */
  static final String PROBE =
      String.join(
          "\n",
          "export LC_ALL=C",
          "command -v dpkg-query >/dev/null 2>&1 || { echo @@none; exit 0; }",
          "echo @@arch; dpkg --print-architecture",
          "echo @@installed",
          "dpkg-query -W -f '${db:Status-Abbrev}|${Package}|${Architecture}|${Version}|${Section}\\n'"
              + " | grep -v '^.[nc]'",
          "if command -v apt-cache >/dev/null 2>&1; then",
          "  echo @@records",
          "  dpkg-query -W -f '${db:Status-Abbrev} ${Package}:${Architecture}=${Version}\\n'"
              + " | awk '$1 !~ /^.[nc]/ {print $2}' | xargs -r apt-cache show 2>/dev/null"
              + " | grep -E '^(Package|Architecture|Version|Section):'",
          "  echo @@policy",
          "  dpkg-query -W -f '${db:Status-Abbrev} ${Package}:${Architecture}\\n'"
              + " | awk '$1 !~ /^.[nc]/ {print $2}' | xargs -r apt-cache policy 2>/dev/null",
          "  echo @@files; apt-cache policy 2>/dev/null",
          "fi",
          "echo @@end");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    List<String> unsupported = new ArrayList<>();
    for (String manager : args.strings("manager")) {
      if (!manager.equalsIgnoreCase("auto") && !manager.equalsIgnoreCase("apt")) {
        unsupported.add(manager);
      }
    }
    if (!unsupported.isEmpty()) {
      throw new ModuleException(
          "Unsupported package managers requested: "
              + String.join(", ", unsupported)
              + " (ploy reads apt's packages only)");
    }
    Sections probe =
        Sections.parse(
            ModuleException.requireOk(target.run(Command.of(PROBE)), "could not list the packages")
                .stdout());
    if (probe.has("none")) {
      throw new ModuleException(
          "Could not detect a supported package manager from the following list: ['apt']");
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("packages", packages(probe));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ansible_facts", facts);
    return Plan.ok(result);
  }

  /** The packages by apt's name (NAME, or NAME:ARCH for a foreign architecture), sorted. */
  static Map<String, Object> packages(Sections probe) {
    String nativeArch = probe.first("arch");
    Map<String, String> sections = sections(probe.lines("records"));
    Map<String, String> origins = origins(probe.lines("policy"), probe.lines("files"));
    Map<String, Object> packages = new TreeMap<>();
    for (String line : probe.lines("installed")) {
      String[] fields = line.split("\\|", -1);
      if (fields.length < 5) {
        continue;
      }
      String name = fields[1];
      String arch = fields[2];
      String version = fields[3];
      String key =
          arch.equals(nativeArch) || arch.equals("all") || arch.isEmpty()
              ? name
              : name + ":" + arch;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("name", key);
      details.put("version", version);
      details.put("arch", arch);
      details.put("category", sections.getOrDefault(name + "|" + arch + "|" + version, fields[4]));
      details.put("origin", origins.getOrDefault(key, ""));
      details.put("source", "apt");
      @SuppressWarnings("unchecked")
      List<Object> versions = (List<Object>) packages.computeIfAbsent(key, k -> new ArrayList<>());
      versions.add(details);
    }
    return packages;
  }

  /** Each version's section, from the record apt-cache shows for it (its first package file). */
  private static Map<String, String> sections(List<String> lines) {
    Map<String, String> sections = new LinkedHashMap<>();
    String name = null;
    String arch = null;
    String version = null;
    for (String line : lines) {
      String value = line.substring(line.indexOf(':') + 1).strip();
      if (line.startsWith("Package:")) {
        name = value;
        arch = null;
        version = null;
      } else if (line.startsWith("Architecture:")) {
        arch = value;
      } else if (line.startsWith("Version:")) {
        version = value;
      } else if (line.startsWith("Section:") && name != null) {
        sections.putIfAbsent(name + "|" + arch + "|" + version, value);
      }
    }
    return sections;
  }

  /**
   * Each package's origin: the o= of the first package file listed under its installed version
   * ("***") in apt-cache policy's version table; "" for dpkg's status file, which has none.
   */
  private static Map<String, String> origins(List<String> policy, List<String> files) {
    Map<String, String> originOfFile = new LinkedHashMap<>();
    String file = null;
    for (String line : files) {
      String strip = line.strip();
      if (strip.matches("-?\\d+ .*")) {
        file = strip.substring(strip.indexOf(' ') + 1);
        originOfFile.putIfAbsent(file, "");
      } else if (strip.startsWith("release ") && file != null) {
        for (String part : strip.substring("release ".length()).split(",")) {
          if (part.startsWith("o=")) {
            originOfFile.put(file, part.substring(2));
          }
        }
      }
    }
    Map<String, String> origins = new LinkedHashMap<>();
    String name = null;
    boolean installed = false;
    for (String line : policy) {
      if (!line.startsWith(" ") && line.endsWith(":")) {
        name = line.substring(0, line.length() - 1);
        installed = false;
      } else if (line.startsWith(" *** ")) {
        installed = true;
      } else if (installed && line.startsWith("        ") && name != null) {
        String strip = line.strip();
        origins.putIfAbsent(
            name, originOfFile.getOrDefault(strip.substring(strip.indexOf(' ') + 1), ""));
        installed = false;
      } else if (line.startsWith("     ") && !line.startsWith("        ")) {
        installed = false;
      }
    }
    return origins;
  }
}
