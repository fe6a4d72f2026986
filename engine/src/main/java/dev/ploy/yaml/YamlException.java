package dev.ploy.yaml;

/** A YAML file could not be read or parsed; the message names the file, line and column. */
public class YamlException extends Exception {
  private final Location location;

  public YamlException(Location location, String message) {
    super(location + ": " + message);
    this.location = location;
  }

  public Location location() {
    return location;
  }
}
