package dev.ploy.config;

/** ploy.yml or a PLOY_* variable is wrong; the message says where and how to fix it. */
public class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }
}
