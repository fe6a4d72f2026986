package dev.ploy.modules.users;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
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
import java.util.Optional;

/** Manages a local group with groupadd, groupmod and groupdel. */
public final class GroupModule implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("group")
          .description("Manages a local group (groupadd/groupmod/groupdel): its existence and gid.")
          .arg(Arg.str("name", "The group's name.").required())
          .arg(Arg.integer("gid", "The group id."))
          .arg(Arg.presence("Whether the group should exist."))
          .arg(
              Arg.bool("system", "Create a system group (-r); only at creation.").defaultsTo(false))
          .arg(
              Arg.bool("non_unique", "Allow a gid that another group has (-o); needs gid.")
                  .defaultsTo(false))
          .requiredIf("non_unique", "true", "gid")
          .notHonoured(
              Arg.bool("local", "Use lgroupadd and friends (local groups only).").defaultsTo(false))
          .example(
              "- name: Group of the deployers\n"
                  + "  ansible.builtin.group:\n"
                  + "    name: deployers\n"
                  + "    gid: 2001\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = Accounts.checkName("group", args.str("name"));
    ExecResult probe = target.run(Command.of("getent group -- " + ShellQuote.quote(name)));
    if (probe.rc() != 0 && probe.rc() != 2) {
      throw ModuleException.commandFailed(
          "cannot look up group " + name + ": " + probe.stderr().strip(), probe);
    }
    Optional<Accounts.Group> current =
        probe.stdoutLines().stream()
            .map(Accounts.Group::parse)
            .flatMap(Optional::stream)
            .filter(g -> g.name().equals(name))
            .findFirst();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("state", args.str("state"));
    result.put("system", args.bool("system"));
    String subject = "group " + name;
    if (!args.present()) {
      if (current.isEmpty()) {
        return Plan.ok(result);
      }
      return Plan.change(
          List.of(new Diff(subject, describe(current.get().gid()), "state: absent\n")),
          result,
          on -> run(on, List.of("groupdel", "--", name), name));
    }
    Optional<Long> gid = args.optInt("gid");
    if (current.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("groupadd"));
      gid.ifPresent(g -> argv.addAll(List.of("-g", String.valueOf(g))));
      if (gid.isPresent() && args.bool("non_unique")) {
        argv.add("-o");
      }
      if (args.bool("system")) {
        argv.add("-r");
      }
      argv.add("--");
      argv.add(name);
      gid.ifPresent(g -> result.put("gid", g));
      return Plan.change(
          List.of(
              new Diff(
                  subject,
                  "state: absent\n",
                  "state: present\n" + gid.map(g -> "gid: " + g + "\n").orElse(""))),
          result,
          on -> {
            run(on, argv, name);
            return actualGid(on, name);
          });
    }
    long have = current.get().gid();
    result.put("gid", have);
    if (gid.isEmpty() || gid.get() == have) {
      return Plan.ok(result);
    }
    List<String> argv = new ArrayList<>(List.of("groupmod", "-g", String.valueOf(gid.get())));
    if (args.bool("non_unique")) {
      argv.add("-o");
    }
    argv.add("--");
    argv.add(name);
    result.put("gid", gid.get());
    return Plan.change(
        List.of(Diff.property(subject, "gid", have, gid.get())), result, on -> run(on, argv, name));
  }

  private static String describe(long gid) {
    return "state: present\ngid: " + gid + "\n";
  }

  private static Map<String, Object> run(Target target, List<String> argv, String name)
      throws ModuleException {
    ExecResult done = target.run(Command.argv(argv));
    if (!done.ok()) {
      throw ModuleException.commandFailed(
          argv.get(0) + " failed for group " + name + ": " + done.stderr().strip(), done);
    }
    return Map.of();
  }

  private static Map<String, Object> actualGid(Target target, String name) throws ModuleException {
    ExecResult now = target.run(Command.of("getent group -- " + ShellQuote.quote(name)));
    for (String line : now.stdoutLines()) {
      Optional<Accounts.Group> group = Accounts.Group.parse(line);
      if (group.isPresent()) {
        return Map.of("gid", group.get().gid());
      }
    }
    return Map.of();
  }
}
