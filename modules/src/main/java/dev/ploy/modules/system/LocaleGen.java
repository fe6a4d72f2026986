package dev.ploy.modules.system;

import dev.ploy.connection.Command;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates a locale, or removes it, the Debian way: its line in /etc/locale.gen is uncommented (or
 * commented out), then locale-gen rebuilds the locales. Whether a locale exists is read from {@code
 * locale -a}, as Ansible's locale_gen does.
 */
public final class LocaleGen implements Module {
  private static final String LOCALE_GEN = "/etc/locale.gen";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]+");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("locale_gen")
          .description(
              "Generates a locale (or removes it) by enabling its line in /etc/locale.gen and"
                  + " running locale-gen. Needs the locales package; the name must be listed in"
                  + " /usr/share/i18n/SUPPORTED.")
          .arg(Arg.str("name", "The locale, as in /etc/locale.gen: fr_FR.UTF-8.").required())
          .arg(Arg.presence("Whether the locale exists."))
          .example(
              "- name: French messages and dates\n"
                  + "  community.general.locale_gen:\n"
                  + "    name: fr_FR.UTF-8\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.matching("name", NAME, "a locale name (like fr_FR.UTF-8)");
    boolean present = args.present();
    String probe =
        String.join(
            "\n",
            "echo @@tool; command -v locale-gen || echo @none",
            "echo @@available; locale -a 2>/dev/null",
            "echo @@supported; cat /usr/share/i18n/SUPPORTED 2>/dev/null",
            "echo @@gen; cat " + LOCALE_GEN + " 2>/dev/null",
            "echo @@end");
    Sections state =
        Sections.parse(
            ModuleException.requireOk(target.run(Command.of(probe)), "probe failed").stdout());
    if (state.first("tool").equals("@none")) {
      throw new ModuleException("locale-gen is not on the target: install the locales package");
    }
    boolean exists =
        state.lines("available").stream().anyMatch(line -> normal(line).equals(normal(name)));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    if (exists == present) {
      return Plan.ok(result);
    }
    Optional<String> supported =
        state.lines("supported").stream()
            .filter(line -> normal(line.split(" ")[0]).equals(normal(name)))
            .findFirst();
    if (present && supported.isEmpty()) {
      throw new ModuleException(
          "locale " + name + " is not supported on the target (not in /usr/share/i18n/SUPPORTED)");
    }
    String before = state.text("gen");
    String after = edit(before, name, present, supported);
    List<Diff> diffs = new ArrayList<>();
    diffs.add(
        Diff.property(
            "locale " + name, "state", present ? "absent" : "present", args.str("state")));
    if (!after.equals(before)) {
      diffs.add(new Diff(LOCALE_GEN, before, after));
    }
    return Plan.change(
        diffs,
        result,
        on -> {
          if (!after.equals(before)) {
            // edited again over what the file holds now: a concurrent edit is kept
            FileWrites.edit(on, LOCALE_GEN, text -> edit(text, name, present, supported));
          }
          ModuleException.requireOk(on.run("locale-gen"), "locale-gen failed");
          boolean now =
              on.run("locale", "-a").stdoutLines().stream()
                  .anyMatch(line -> normal(line).equals(normal(name)));
          if (now != present) {
            throw new ModuleException(
                "locale-gen ran, but locale -a "
                    + (present ? "still does not list " : "still lists ")
                    + name
                    + (present ? "" : " (it is not generated from " + LOCALE_GEN + ")"));
          }
          return Map.of();
        });
  }

  /**
   * /etc/locale.gen with the locale's lines enabled or commented out; when enabling a locale the
   * file does not mention, its line from SUPPORTED is added.
   */
  static String edit(String text, String name, boolean enable, Optional<String> supported) {
    Pattern line =
        Pattern.compile("^#?\\s*(" + Pattern.quote(name) + ") (\\S.*)$", Pattern.MULTILINE);
    Matcher matcher = line.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean seen = false;
    while (matcher.find()) {
      seen = true;
      String replacement = (enable ? "" : "# ") + matcher.group(1) + " " + matcher.group(2);
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    if (!seen && enable && supported.isPresent()) {
      if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
        out.append('\n');
      }
      out.append(supported.get()).append('\n');
    }
    return out.toString();
  }

  /**
   * A locale name with its charset spelled one way: {@code locale -a} says en_US.utf8 where
   * locale.gen says en_US.UTF-8.
   */
  static String normal(String locale) {
    String name = locale.strip();
    int dot = name.indexOf('.');
    if (dot < 0) {
      return name;
    }
    int at = name.indexOf('@', dot);
    String charset = at < 0 ? name.substring(dot + 1) : name.substring(dot + 1, at);
    String modifier = at < 0 ? "" : name.substring(at);
    return name.substring(0, dot)
        + "."
        + charset.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")
        + modifier;
  }
}
