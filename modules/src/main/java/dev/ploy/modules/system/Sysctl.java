package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
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
 * Keeps a kernel parameter in a sysctl file ({@code name=value}, one line, duplicates removed) and,
 * with sysctl_set, in the running kernel.
 */
public final class Sysctl implements Module {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./*-]*");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("sysctl")
          .description(
              "Manages a kernel parameter: its line in a sysctl file and, with sysctl_set, its"
                  + " running value. The file is written atomically and reloaded when it changed.")
          .arg(
              Arg.str("name", "The parameter, e.g. net.ipv4.ip_forward.").required().aliases("key"))
          .arg(Arg.str("value", "Its value (required when state is present).").aliases("val"))
          .arg(Arg.presence("Whether the parameter is in the file."))
          .arg(
              Arg.bool("reload", "Load the file with 'sysctl -p' after changing it.")
                  .defaultsTo(true))
          .arg(Arg.path("sysctl_file", "The file to keep it in.").defaultsTo("/etc/sysctl.conf"))
          .arg(
              Arg.bool("sysctl_set", "Also set the running value with 'sysctl -w' when it differs.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("ignoreerrors", "Ignore unknown keys when reloading (sysctl -e).")
                  .defaultsTo(false))
          .requiredIf("state", "present", "value")
          .example(
              "- name: Route packets between interfaces\n"
                  + "  ansible.posix.sysctl:\n"
                  + "    name: net.ipv4.ip_forward\n"
                  + "    value: \"1\"\n"
                  + "    sysctl_file: /etc/sysctl.d/90-forwarding.conf\n"
                  + "    sysctl_set: true\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.matching("name", KEY, "a sysctl key (letters, digits and . _ / - only)");
    boolean present = args.present();
    String file = args.str("sysctl_file");
    String value = args.has("value") ? normalize(args.str("value")) : null;
    if (value != null && (value.contains("\n") || value.contains("\r"))) {
      throw new ModuleException("value must be one line; it contains a line break");
    }
    boolean set = present && args.bool("sysctl_set");
    String probe =
        String.join(
            "\n",
            "echo @@file; cat -- " + ShellQuote.quote(file) + " 2>/dev/null",
            "echo @@running; "
                + (set ? "sysctl -n -- " + ShellQuote.quote(name) + " 2>&1 || echo @@unknown" : ""),
            "echo @@end");
    Sections state =
        Sections.parse(
            ModuleException.requireOk(target.run(Command.of(probe)), "probe failed").stdout());
    String before = state.text("file");
    String after = edit(before, name, present ? value : null);
    String running = null;
    if (set) {
      if (state.has("unknown")) {
        throw new ModuleException(
            "cannot read the kernel parameter " + name + ": " + state.text("running").strip());
      }
      running = normalize(String.join(" ", state.lines("running")));
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("value", value);
    result.put("sysctl_file", file);
    List<Diff> diffs = new ArrayList<>();
    boolean fileChanges = !after.equals(before);
    if (fileChanges) {
      diffs.add(new Diff(file, before, after));
    }
    boolean runtimeChanges = set && !running.equals(value);
    if (runtimeChanges) {
      diffs.add(Diff.property(name, "running value", running, value));
    }
    if (diffs.isEmpty()) {
      return Plan.ok(result);
    }
    boolean reload = args.bool("reload") && fileChanges;
    boolean ignoreErrors = args.bool("ignoreerrors");
    return Plan.change(
        diffs,
        result,
        on -> {
          if (fileChanges) {
            // edited again over what the file holds now: a concurrent edit is kept
            FileWrites.edit(on, file, text -> edit(text, name, present ? value : null));
          }
          if (runtimeChanges) {
            ModuleException.requireOk(
                on.run("sysctl", "-w", "--", name + "=" + value),
                "could not set " + name + " (read-only in a container? use sysctl_set: false)");
          }
          if (reload) {
            List<String> argv = new ArrayList<>(List.of("sysctl"));
            if (ignoreErrors) {
              argv.add("-e");
            }
            argv.addAll(List.of("-p", ShellQuote.operand(file)));
            ModuleException.requireOk(on.run(argv), "reloading " + file + " failed");
          }
          return Map.of();
        });
  }

  /** The file with the key's lines replaced by one {@code name=value} line, or removed. */
  static String edit(String text, String name, String value) {
    List<String> out = new ArrayList<>();
    boolean written = false;
    String wanted = value == null ? null : name + "=" + value;
    for (String line : text.isEmpty() ? List.<String>of() : List.of(text.split("\n", -1))) {
      if (!matches(line, name)) {
        out.add(line);
      } else if (value != null && !written) {
        out.add(valueOf(line).equals(value) ? line : wanted);
        written = true;
      }
    }
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    if (value != null && !written) {
      out.add(wanted);
    }
    return out.isEmpty() ? "" : String.join("\n", out) + "\n";
  }

  private static boolean matches(String line, String name) {
    String trimmed = line.strip();
    int eq = trimmed.indexOf('=');
    if (trimmed.startsWith("#") || trimmed.startsWith(";") || eq < 0) {
      return false;
    }
    String key = trimmed.substring(0, eq).strip();
    if (key.startsWith("-")) {
      key = key.substring(1);
    }
    return key.replace('/', '.').equals(name.replace('/', '.'));
  }

  private static String valueOf(String line) {
    return normalize(line.substring(line.indexOf('=') + 1));
  }

  /** Values compare with runs of blanks as one space, as sysctl prints them. */
  static String normalize(String value) {
    return value.strip().replaceAll("[ \t]+", " ");
  }
}
