package dev.ploy.run;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.review.PlanReview;
import dev.ploy.vars.Precedence;
import dev.ploy.vars.Precedence.View;
import dev.ploy.vault.Vault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a loaded playbook against an inventory: play after play, hosts that failed or were
 * unreachable leave the following plays, and the outcome carries ansible-playbook's exit code. An
 * {@link Interruption} stops it: no task starts after that, and the outcome is 99.
 */
public final class PlaybookRunner {
  private final ModuleRegistry modules;
  private final List<Path> rolesPath;
  private final Connector connector;
  private final FactSource facts;
  private final PlaybookLoader loader;
  private final Interruption interruption;
  private final PlanReview review;

  public PlaybookRunner(
      ModuleRegistry modules, List<Path> rolesPath, Connector connector, FactSource facts) {
    this(modules, rolesPath, connector, facts, Vault.none());
  }

  /** A runner whose includes and vars files may be vault-encrypted. */
  public PlaybookRunner(
      ModuleRegistry modules,
      List<Path> rolesPath,
      Connector connector,
      FactSource facts,
      Vault vault) {
    this(modules, rolesPath, connector, facts, vault, new Interruption());
  }

  /** A runner that {@code interruption} can stop. */
  public PlaybookRunner(
      ModuleRegistry modules,
      List<Path> rolesPath,
      Connector connector,
      FactSource facts,
      Vault vault,
      Interruption interruption) {
    this(
        modules,
        rolesPath,
        connector,
        facts,
        new PlaybookLoader(modules, rolesPath, vault),
        interruption,
        PlanReview.NONE);
  }

  private PlaybookRunner(
      ModuleRegistry modules,
      List<Path> rolesPath,
      Connector connector,
      FactSource facts,
      PlaybookLoader loader,
      Interruption interruption,
      PlanReview review) {
    this.modules = modules;
    this.rolesPath = List.copyOf(rolesPath);
    this.connector = connector;
    this.facts = facts;
    this.loader = loader;
    this.interruption = interruption;
    this.review = review;
  }

  /**
   * This runner, showing {@code review} each module's plan before it is reported or applied: how
   * {@code ploy plan} records a run and {@code ploy apply} holds one to what was reviewed.
   */
  public PlaybookRunner reviewing(PlanReview review) {
    return new PlaybookRunner(modules, rolesPath, connector, facts, loader, interruption, review);
  }

  public RunOutcome run(
      Playbook playbook, Inventory inventory, RunOptions options, RunListener listener)
      throws InterruptedException, PlaybookException, InventoryException {
    Path playbookDir = playbook.file().getParent();
    Engine engine =
        new Engine(
            inventory,
            options,
            modules,
            connector,
            facts,
            listener,
            playbookDir,
            new Includes(loader),
            interruption,
            review);
    listener.playbookStart(playbook);
    for (Play play : playbook.plays()) {
      if (interruption.requested()) {
        break;
      }
      Map<String, Object> varsFiles = varsFiles(play, options, loader);
      List<HostState> hosts = new ArrayList<>();
      for (Host host : hosts(play, engine.inventory(), options, varsFiles)) {
        HostState state = engine.state(host);
        if (!state.failed() && !state.unreachable()) {
          hosts.add(state);
        }
      }
      List<String> names = hosts.stream().map(HostState::name).toList();
      listener.playStart(play, names);
      if (hosts.isEmpty()) {
        listener.noHostsMatched(play);
        continue;
      }
      boolean goesOn = new PlayRun(play, engine, hosts, varsFiles).run();
      if (!goesOn || engine.error() != null) {
        break;
      }
    }
    Map<String, HostStats> stats = new LinkedHashMap<>();
    boolean failed = false;
    boolean unreachable = false;
    for (HostState state :
        engine.hostStates().values().stream()
            .sorted(java.util.Comparator.comparing(HostState::name))
            .toList()) {
      // a host that had no result is not in the recap, as Ansible's; after an interruption each
      // host of the run is, to show where it stood
      if (state.stats().processed() || interruption.requested()) {
        stats.put(state.name(), state.stats());
      }
      failed |= state.stats().failsTheRun() || state.failed();
      unreachable |= state.stats().unreachable() > 0;
    }
    if (engine.error() != null) {
      // as ansible-playbook's ERROR!: no recap
      return new RunOutcome(stats, engine.error().exitCode(), engine.error());
    }
    if (interruption.requested()) {
      listener.interrupted(interruption.cause().orElseThrow(), interruption.tasksByHost());
    }
    listener.recap(stats);
    int code =
        interruption.requested()
            ? RunOutcome.INTERRUPTED
            : unreachable
                ? RunOutcome.HOST_UNREACHABLE
                : failed ? RunOutcome.HOST_FAILED : RunOutcome.OK;
    return new RunOutcome(stats, code);
  }

  private static List<Host> hosts(
      Play play, Inventory inventory, RunOptions options, Map<String, Object> varsFiles)
      throws PlaybookException, InventoryException {
    return select(inventory, hostPattern(play, options, varsFiles), options);
  }

  /**
   * A play's hosts: pattern as a run reads it: templated with the play's vars, its vars_files (read
   * with {@code loader}) and -e. What --list-hosts shows.
   */
  public static String hostPattern(Play play, RunOptions options, PlaybookLoader loader)
      throws PlaybookException {
    return hostPattern(play, options, varsFiles(play, options, loader));
  }

  private static String hostPattern(Play play, RunOptions options, Map<String, Object> varsFiles)
      throws PlaybookException {
    try {
      return new Templar(playScope(play, options, varsFiles)).render(play.hosts());
    } catch (ExprException e) {
      throw new PlaybookException(
          List.of(new dev.ploy.playbook.Problem(play.location(), "hosts: " + e.getMessage())));
    }
  }

  /** The hosts a pattern selects, narrowed by --limit. */
  public static List<Host> select(Inventory inventory, String pattern, RunOptions options)
      throws InventoryException {
    List<Host> selected = inventory.select(pattern);
    if (options.limit().isPresent()) {
      selected = inventory.limit(selected, options.limit().get());
    }
    return selected;
  }

  /** The play's view of {@link Precedence}: what hosts: and vars_files: are templated with. */
  private static Scope playScope(Play play, RunOptions options, Map<String, Object> varsFiles) {
    return new LayeredScope(
        Precedence.highestFirst(
            View.PLAY,
            layer ->
                switch (layer) {
                  case PLAY_VARS -> play.vars();
                  case PLAY_VARS_FILES -> varsFiles;
                  case EXTRA_VARS -> options.extraVars();
                  default -> throw new IllegalStateException(layer + " is not known before a play");
                }));
  }

  /** vars_files, their names templated with the play's vars and extra vars. */
  private static Map<String, Object> varsFiles(Play play, RunOptions options, PlaybookLoader loader)
      throws PlaybookException {
    Map<String, Object> loaded = new LinkedHashMap<>();
    for (String file : play.varsFiles()) {
      String name;
      try {
        name = new Templar(playScope(play, options, loaded)).render(file);
      } catch (ExprException e) {
        throw new PlaybookException(
            List.of(
                new dev.ploy.playbook.Problem(play.location(), "vars_files: " + e.getMessage())));
      }
      loaded.putAll(loader.readVarsFile(play.directory().resolve(name)));
    }
    return loaded;
  }
}
