package dev.ploy.module;

import java.util.Map;

/**
 * A module: declared arguments, then probe the target and plan the difference. The executor applies
 * the plan unless in check mode, so check mode and diffs are decided in one place (see {@code
 * dev.ploy.run.ModuleCall}), never in a module.
 *
 * <p>Modules are found with {@link java.util.ServiceLoader}: list the class in
 * META-INF/services/dev.ploy.module.Module. They must be stateless: one instance serves every host
 * and task at once.
 */
public interface Module {

  ModuleSpec spec();

  /**
   * Probes the current state on the target (read-only commands only) and returns what would change.
   * Must never mutate the target.
   */
  Plan plan(Target target, Args args) throws ModuleException;

  /**
   * Plans with arguments given as plain values, checked against this module's spec as a task's are:
   * for a module that hands its work on to another (package to apt, service to systemd).
   */
  default Plan planWith(Target target, Map<String, Object> raw) throws ModuleException {
    return plan(target, Args.bind(spec(), raw));
  }
}
