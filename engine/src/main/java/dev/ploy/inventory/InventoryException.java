package dev.ploy.inventory;

import dev.ploy.yaml.Location;

/**
 * An inventory source, a vars file or a host pattern could not be used. The message names the file
 * and line when there is one, and says how to fix the problem where it can.
 */
public class InventoryException extends Exception {
  public InventoryException(String message) {
    super(message);
  }

  public InventoryException(Location location, String message) {
    super(location + ": " + message);
  }

  public InventoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
