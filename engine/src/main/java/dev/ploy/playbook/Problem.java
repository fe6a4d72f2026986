package dev.ploy.playbook;

import dev.ploy.yaml.Location;

/**
 * Something wrong in a playbook, found before any host is contacted: where, what, and how to fix
 * it.
 *
 * @param atRunTime whether Ansible finds it only when the task runs (a module's arguments, which
 *     the module or its action plugin checks): ploy then warns before running and the task fails
 *     with it if it runs, rather than refusing the playbook
 */
public record Problem(Location location, String message, boolean atRunTime) {
  public Problem(Location location, String message) {
    this(location, message, false);
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
