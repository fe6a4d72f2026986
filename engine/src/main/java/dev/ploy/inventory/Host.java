package dev.ploy.inventory;

/** A managed host, named as the inventory names it ({@code inventory_hostname}). */
public record Host(String name) {
  @Override
  public String toString() {
    return name;
  }
}
