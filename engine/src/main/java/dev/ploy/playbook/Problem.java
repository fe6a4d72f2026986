package dev.ploy.playbook;

import dev.ploy.yaml.Location;

/**
 * Something wrong in a playbook, found before any host is contacted: where, what, and how to fix
 * it.
 */
public record Problem(Location location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
