package dev.ploy.run;

import dev.ploy.facts.FactCache;
import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.review.PlanReview;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a whole run shares: the inventory, the options, the modules, how hosts are connected to and
 * their facts gathered, where events go, and every host's state across plays.
 */
final class Engine {
  private volatile Inventory inventory;
  private final RunOptions options;
  private final ModuleRegistry modules;
  private final Connector connector;
  private final FactSource facts;
  private final RunListener listener;
  private final Path playbookDir;
  private final Includes includes;
  private final Interruption interruption;
  private final PlanReview review;
  private final Map<String, HostState> hostStates = new ConcurrentHashMap<>();
  private final Map<String, FactCache> factCaches = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicReference<RunError> error =
      new java.util.concurrent.atomic.AtomicReference<>();

  Engine(
      Inventory inventory,
      RunOptions options,
      ModuleRegistry modules,
      Connector connector,
      FactSource facts,
      RunListener listener,
      Path playbookDir,
      Includes includes,
      Interruption interruption,
      PlanReview review) {
    this.inventory = inventory;
    this.options = options;
    this.modules = modules;
    this.connector = interruption.watching(connector);
    this.facts = facts;
    this.listener = listener;
    this.playbookDir = playbookDir;
    this.includes = includes;
    this.interruption = interruption;
    this.review = review;
  }

  /** What each module's plan is held to before it is applied (a reviewed plan), if anything. */
  PlanReview review() {
    return review;
  }

  /** The inventory as it is now: add_host and group_by change it during the run. */
  Inventory inventory() {
    return inventory;
  }

  /** Replaces the inventory with what {@code change} makes of it, one change at a time. */
  synchronized Inventory.Update changeInventory(InventoryChange change)
      throws dev.ploy.inventory.InventoryException {
    Inventory.Update update = change.apply(inventory);
    inventory = update.inventory();
    return update;
  }

  /** One change to the inventory (add_host, group_by). */
  interface InventoryChange {
    Inventory.Update apply(Inventory inventory) throws dev.ploy.inventory.InventoryException;
  }

  RunOptions options() {
    return options;
  }

  ModuleRegistry modules() {
    return modules;
  }

  Connector connector() {
    return connector;
  }

  FactSource facts() {
    return facts;
  }

  /**
   * The facts of the host a connection reaches (by its name, so a task delegated to a host shares
   * that host's facts), read once for the run and shared by its modules.
   */
  FactCache factCache(String host) {
    return factCaches.computeIfAbsent(host, name -> new FactCache());
  }

  RunListener listener() {
    return listener;
  }

  Path playbookDir() {
    return playbookDir;
  }

  Includes includes() {
    return includes;
  }

  Interruption interruption() {
    return interruption;
  }

  /** Ends the run with {@code error}; the first error stays when several hosts meet one. */
  void stop(RunError error) {
    this.error.compareAndSet(null, error);
  }

  /** The error that ended the run, or null. */
  RunError error() {
    return error.get();
  }

  Map<String, HostState> hostStates() {
    return hostStates;
  }

  HostState state(Host host) {
    return hostStates.computeIfAbsent(host.name(), name -> new HostState(host));
  }
}
