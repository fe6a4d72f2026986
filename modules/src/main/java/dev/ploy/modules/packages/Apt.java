package dev.ploy.modules.packages;

import dev.ploy.connection.ExecResult;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian packages with apt-get, no Python on the target: one probe (dpkg-query and apt-cache
 * policy), then {@code apt-get -s} says exactly what would be installed, upgraded or removed, with
 * versions, dependencies included; that is the check-mode report and the diff.
 *
 * <p>A due cache refresh ({@code update_cache}, {@code cache_valid_time}) is part of the change:
 * after it runs, the packages are planned again against the new lists, and, as in Ansible, the task
 * reports changed only when packages changed (or when the refresh was all it was asked to do).
 * Packages present or absent as asked do not depend on the lists: the due refresh is then upkeep
 * ({@link Plan#upkeep}), made in a real run and reported ok there and in check mode alike.
 *
 * <p>Lists never downloaded (a fresh container) are refreshed first unless {@code update_cache:
 * false} says not to: Ansible's apt, finding no python3-apt there, runs apt-get update before
 * installing it, so a role that installs without update_cache works on such a host.
 */
public final class Apt implements Module {
  static final String NAME_HELP =
      "Package name(s): one, a list, or NAME=VERSION (VERSION may end with * to take the newest"
          + " matching).";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("apt")
          .description(
              "Installs, upgrades and removes Debian packages with apt-get (non-interactive,"
                  + " waiting for dpkg's lock). Check mode and --diff report each package's"
                  + " version before and after, dependencies included.")
          .arg(Arg.list("name", NAME_HELP).elements(ArgType.STR).aliases("pkg", "package"))
          .arg(
              Arg.str(
                      "state",
                      "present: installed (any version, or the one given); latest: the candidate"
                          + " version; absent: removed; build-dep: the build dependencies"
                          + " installed.")
                  .defaultsTo("present")
                  .choices("present", "absent", "latest", "build-dep"))
          .arg(
              Arg.bool(
                      "update_cache",
                      "Run apt-get update first (when older than cache_valid_time). Alone, the"
                          + " task reports changed when the lists were refreshed. Unset, lists"
                          + " never downloaded are refreshed first, as Ansible's apt does.")
                  .aliases("update-cache"))
          .arg(
              Arg.integer(
                  "cache_valid_time",
                  "Seconds the package lists stay fresh: update_cache does nothing when the last"
                      + " refresh is more recent. Setting it implies update_cache."))
          .arg(
              Arg.bool(
                      "install_recommends",
                      "Install recommended packages too (unset: the target's apt default).")
                  .aliases("install-recommends"))
          .arg(
              Arg.bool("purge", "With state absent: also remove configuration files.")
                  .defaultsTo(false))
          .arg(
              Arg.bool(
                      "autoremove",
                      "Remove dependencies nothing needs any more (alone: apt-get autoremove).")
                  .defaultsTo(false))
          .arg(
              Arg.path(
                  "deb",
                  "A .deb file to install: a path on the target, or, if not there, a file on the"
                      + " control node (role files/, beside the playbook) that is uploaded."))
          .arg(
              Arg.str(
                      "upgrade",
                      "Upgrade every package: yes/safe (apt-get upgrade --with-new-pkgs), full/dist"
                          + " (apt-get dist-upgrade).")
                  .defaultsTo("no")
                  .choices("no", "yes", "safe", "full", "dist"))
          .arg(
              Arg.str(
                      "dpkg_options",
                      "Comma-separated dpkg options, given as -o Dpkg::Options::=--OPTION.")
                  .defaultsTo("force-confdef,force-confold"))
          .arg(
              Arg.str("default_release", "Install from this release (apt-get -t).")
                  .aliases("default-release"))
          .arg(
              Arg.bool("allow_downgrade", "Allow a version below the installed one.")
                  .defaultsTo(false)
                  .aliases("allow-downgrade", "allow_downgrades", "allow-downgrades"))
          .arg(
              Arg.integer(
                      "lock_timeout",
                      "Seconds to wait for another apt or dpkg run to release its lock before"
                          + " failing.")
                  .defaultsTo(60L))
          .mutuallyExclusive("deb", "name")
          .mutuallyExclusive("deb", "upgrade")
          .notHonoured(
              Arg.bool("allow_change_held_packages", "Let held packages change.").defaultsTo(false))
          .notHonoured(
              Arg.bool("allow_unauthenticated", "Install packages that cannot be authenticated.")
                  .aliases("allow-unauthenticated")
                  .defaultsTo(false))
          .notHonoured(
              Arg.bool("autoclean", "Clean obsolete package files from the local cache.")
                  .defaultsTo(false))
          .notHonoured(Arg.bool("clean", "Clean the local package cache.").defaultsTo(false))
          .notHonoured(
              Arg.bool("fail_on_autoremove", "Fail rather than remove packages with autoremove.")
                  .defaultsTo(false))
          .notHonoured(
              Arg.bool("force", "Force installs and removals (apt-get --force-yes).")
                  .defaultsTo(false))
          .arg(
              Arg.bool("force_apt_get", "ploy always uses apt-get: true or false, nothing changes.")
                  .defaultsTo(false))
          .notHonoured(
              Arg.bool("only_upgrade", "Only upgrade installed packages, never install new ones.")
                  .defaultsTo(false))
          .notHonoured(
              Arg.integer(
                  "policy_rc_d",
                  "policy-rc.d exit code while installing (keeps services from starting)."))
          .notHonoured(
              Arg.integer("update_cache_retries", "Retries of a failing apt-get update.")
                  .defaultsTo(5L))
          .notHonoured(
              Arg.integer("update_cache_retry_max_delay", "Most seconds between those retries.")
                  .defaultsTo(12L))
          .example(
              "- name: Install nginx and tree\n"
                  + "  ansible.builtin.apt:\n"
                  + "    name: [nginx, tree]\n"
                  + "    update_cache: true\n"
                  + "    cache_valid_time: 3600\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    List<PackageRequest> requests = PackageRequest.parse(args.strings("name"));
    String state = args.str("state");
    String upgrade = args.str("upgrade");
    boolean refreshWanted = args.bool("update_cache") || args.has("cache_valid_time");
    long validFor = args.optInt("cache_valid_time").orElse(0L);
    if (args.has("deb") && !state.equals("present")) {
      throw new ModuleException("deb only supports state: present (got state: " + state + ")");
    }
    if (state.equals("latest")) {
      for (PackageRequest request : requests) {
        if (request.version() != null) {
          throw new ModuleException(
              "state: latest takes no version ('" + request + "'); use state: present to pin one");
        }
      }
    }
    if (!upgrade.equals("no") && !requests.isEmpty()) {
      throw new ModuleException(
          "upgrade and name in one task are not supported: upgrade everything in one task,"
              + " then install in another");
    }
    if (state.equals("build-dep") && requests.isEmpty()) {
      throw new ModuleException("state: build-dep needs name");
    }
    AptGet apt =
        new AptGet(
            AptGet.options(
                args.str("dpkg_options"),
                args.optBool("install_recommends").orElse(null),
                args.optStr("default_release").orElse(null),
                args.bool("allow_downgrade")),
            args.integer("lock_timeout"));
    Work work = new Work(requests, state, upgrade, args.bool("purge"), args.bool("autoremove"));
    List<String> names = requests.stream().map(PackageRequest::name).toList();

    if (args.has("deb")) {
      return DebInstall.plan(target, args.str("deb"), apt, refreshWanted, validFor);
    }
    boolean policyWanted =
        state.equals("latest") || requests.stream().anyMatch(r -> r.version() != null);
    AptState now = AptState.probe(target, names, policyWanted);
    boolean refreshDue =
        (refreshWanted && !fresh(now, validFor))
            || (now.cacheTime() == 0 && args.optBool("update_cache").orElse(true));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cache_updated", false);
    result.put("cache_update_time", now.cacheTime());
    boolean packagesToo = !requests.isEmpty() || !upgrade.equals("no") || args.bool("autoremove");

    if (!packagesToo) {
      if (!refreshDue) {
        return Plan.ok(result);
      }
      result.put("cache_updated", true);
      return Plan.change(
          List.of(cacheDiff(now)),
          result,
          on -> {
            Map<String, Object> done = apt.update(on);
            done.put("cache_updated", true);
            return done;
          });
    }

    Changes changes = changes(target, apt, work, now, refreshDue);
    if (!refreshDue && changes.none()) {
      result.putAll(changes.report());
      return Plan.ok(result);
    }
    if (changes.none() && listsDecideNothing(work)) {
      // packages already as asked whatever the lists say: Ansible refreshes them in a real run but
      // counts the refresh as a change only when it was all the task asked for
      result.putAll(changes.report());
      return Plan.upkeep(
          result,
          on -> {
            Map<String, Object> done = apt.update(on);
            done.put("cache_updated", true);
            done.put("changed", false);
            return done;
          });
    }
    List<Diff> diffs = new ArrayList<>();
    if (refreshDue) {
      diffs.add(cacheDiff(now));
      result.put("cache_updated", true);
    }
    diffs.addAll(changes.diffs());
    result.putAll(changes.report());
    return Plan.change(
        diffs,
        result,
        on -> {
          Map<String, Object> done = new LinkedHashMap<>();
          Changes todo = changes;
          if (refreshDue) {
            Map<String, Object> updated = apt.update(on);
            done.put("cache_updated", true);
            done.put("cache_update_time", updated.get("cache_update_time"));
            todo = changes(on, apt, work, AptState.probe(on, names, policyWanted), false);
            done.putAll(todo.report());
          }
          if (todo.none()) {
            done.put("changed", false);
            return done;
          }
          done.putAll(apt.run(on, todo.action(), todo.describe()));
          return done;
        });
  }

  /**
   * Whether the packages asked for are as asked whatever the package lists hold: present (any
   * version, or one already installed) and absent do not depend on them; latest, upgrades,
   * autoremove and build dependencies do.
   */
  private static boolean listsDecideNothing(Work work) {
    return (work.state().equals("present") || work.state().equals("absent"))
        && work.upgrade().equals("no")
        && !work.autoremove()
        && !work.requests().isEmpty();
  }

  /** Whether the lists were refreshed less than {@code validFor} seconds ago. */
  private static boolean fresh(AptState state, long validFor) {
    return state.cacheTime() > 0 && validFor > 0 && state.cacheTime() + validFor >= state.now();
  }

  private static Diff cacheDiff(AptState state) {
    return Diff.property(
        "apt package lists",
        "updated",
        state.cacheTime() == 0 ? "never" : Instant.ofEpochSecond(state.cacheTime()).toString(),
        "now (apt-get update)");
  }

  /** What the task asks for, apart from the cache. */
  private record Work(
      List<PackageRequest> requests,
      String state,
      String upgrade,
      boolean purge,
      boolean autoremove) {}

  /**
   * The apt-get action that closes the gap and what it would do, simulated.
   *
   * @param action apt-get's arguments (install a b=1.0 / remove --purge c...), empty for none
   * @param simulation what apt-get -s said, null when the lists cannot tell yet
   * @param expected per named package, the version after when the simulation could not say
   */
  record Changes(
      List<String> action,
      AptSimulation simulation,
      Map<String, String[]> expected,
      String describe) {
    boolean none() {
      return action.isEmpty();
    }

    /** One diff listing each package's version before and after (absent when not installed). */
    List<Diff> diffs() {
      if (none()) {
        return List.of();
      }
      StringBuilder before = new StringBuilder();
      StringBuilder after = new StringBuilder();
      if (simulation != null) {
        for (AptSimulation.Step step : simulation.steps()) {
          String mark = expected.containsKey(AptState.bare(step.name())) ? "" : " (dependency)";
          before.append(step.name()).append(": ").append(or(step.before())).append('\n');
          after
              .append(step.name())
              .append(": ")
              .append(step.action().equals("purge") ? "purged" : or(step.after()))
              .append(mark)
              .append('\n');
        }
      } else {
        expected.forEach(
            (name, versions) -> {
              before.append(name).append(": ").append(or(versions[0])).append('\n');
              after.append(name).append(": ").append(or(versions[1])).append('\n');
            });
      }
      return List.of(new Diff("apt packages", before.toString(), after.toString()));
    }

    /** The result keys: each package's change, as {name: {before, after}}. */
    Map<String, Object> report() {
      Map<String, Object> packages = new LinkedHashMap<>();
      if (simulation != null) {
        for (AptSimulation.Step step : simulation.steps()) {
          Map<String, Object> change = new LinkedHashMap<>();
          change.put("action", step.action());
          change.put("before", step.before());
          change.put("after", step.after());
          packages.put(step.name(), change);
        }
      } else {
        expected.forEach(
            (name, versions) -> {
              Map<String, Object> change = new LinkedHashMap<>();
              change.put("before", versions[0]);
              change.put("after", versions[1]);
              packages.put(name, change);
            });
      }
      return Map.of("packages", packages);
    }

    private static String or(String version) {
      return version == null ? "absent" : version;
    }
  }

  /**
   * Compares the packages with what is asked and simulates the apt-get action that would close the
   * gap. When a refresh is due and the lists cannot answer yet (never downloaded, or the package is
   * not in them), the change is reported with the version left to the refreshed lists.
   */
  static Changes changes(Target target, AptGet apt, Work work, AptState state, boolean refreshDue)
      throws ModuleException {
    if (!work.upgrade().equals("no")) {
      List<String> action =
          work.upgrade().equals("full") || work.upgrade().equals("dist")
              ? new ArrayList<>(List.of("dist-upgrade"))
              : new ArrayList<>(List.of("upgrade", "--with-new-pkgs"));
      if (work.autoremove()) {
        action.add("--auto-remove");
      }
      return simulated(target, apt, action, Map.of(), refreshDue, "upgrade the packages");
    }
    if (work.requests().isEmpty()) {
      List<String> action = new ArrayList<>(List.of("autoremove"));
      if (work.purge()) {
        action.add("--purge");
      }
      return simulated(target, apt, action, Map.of(), refreshDue, "remove unused dependencies");
    }
    if (work.state().equals("build-dep")) {
      List<String> action = new ArrayList<>(List.of("build-dep"));
      work.requests().forEach(r -> action.add(r.name()));
      return simulated(target, apt, action, Map.of(), refreshDue, "install the build dependencies");
    }
    Map<String, String[]> expected = new LinkedHashMap<>();
    List<String> words = new ArrayList<>();
    for (PackageRequest request : work.requests()) {
      AptState.Installed installed = state.installed(request.name());
      AptState.Policy policy = state.policy(request.name());
      String have = installed == null ? null : installed.version();
      switch (work.state()) {
        case "absent" -> {
          AptState.Installed known = state.known(request.name());
          if (installed != null || (known != null && known.hasConfigFilesOnly() && work.purge())) {
            words.add(request.name());
            expected.put(AptState.bare(request.name()), new String[] {have, null});
          }
        }
        case "latest" -> {
          String candidate = policy == null ? null : policy.candidate();
          if (installed == null || (candidate != null && !candidate.equals(have))) {
            words.add(request.name());
            expected.put(
                AptState.bare(request.name()),
                new String[] {
                  have, candidate == null ? "(latest after the cache update)" : candidate
                });
          }
        }
        default -> {
          if (installed != null && request.matches(have)) {
            continue;
          }
          String version = null;
          if (request.version() != null) {
            version = policy == null ? null : request.resolve(policy.versions());
            if (version == null && !refreshDue) {
              throw new ModuleException(
                  "no version "
                      + request.version()
                      + " of "
                      + request.name()
                      + " is available"
                      + (policy == null || policy.versions().isEmpty()
                          ? ""
                          : " (known: " + String.join(", ", policy.versions()) + ")"),
                  Map.of());
            }
            if (version == null) {
              version = request.version();
            }
          }
          words.add(request.word(version));
          String after = version != null ? version : policy == null ? null : policy.candidate();
          expected.put(
              AptState.bare(request.name()),
              new String[] {have, after == null ? "(candidate after the cache update)" : after});
        }
      }
    }
    if (words.isEmpty()) {
      return new Changes(List.of(), null, expected, "");
    }
    List<String> action = new ArrayList<>();
    if (work.state().equals("absent")) {
      action.add("remove");
      if (work.purge()) {
        action.add("--purge");
      }
    } else {
      action.add("install");
    }
    if (work.autoremove()) {
      action.add("--auto-remove");
    }
    action.addAll(words);
    String what =
        (work.state().equals("absent") ? (work.purge() ? "purge " : "remove ") : "install ")
            + String.join(" ", words);
    return simulated(target, apt, action, expected, refreshDue, what);
  }

  private static Changes simulated(
      Target target,
      AptGet apt,
      List<String> action,
      Map<String, String[]> expected,
      boolean refreshDue,
      String what)
      throws ModuleException {
    ExecResult simulation = apt.simulate(target, action);
    if (!simulation.ok()) {
      if (refreshDue) {
        // the lists are stale or missing: the real run plans again after refreshing them
        return new Changes(action, null, expected, what);
      }
      String errors = AptGet.errors(simulation);
      if (errors.contains("Unable to locate package")
          || errors.contains("has no installation candidate")) {
        errors += " (are the package lists downloaded? set update_cache: true)";
      }
      throw ModuleException.commandFailedWithOutput("cannot " + what + ": " + errors, simulation);
    }
    AptSimulation steps = AptSimulation.parse(simulation.stdout());
    if (steps.isEmpty() && !refreshDue) {
      return new Changes(List.of(), steps, expected, what);
    }
    return new Changes(action, steps.isEmpty() ? null : steps, expected, what);
  }
}
