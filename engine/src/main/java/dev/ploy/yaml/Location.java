package dev.ploy.yaml;

import java.nio.file.Path;

/** A place in a source file: where a task, a key or an error is. Lines and columns count from 1. */
public record Location(Path file, int line, int column) {

  public static Location of(Path file) {
    return new Location(file, 0, 0);
  }

  @Override
  public String toString() {
    String name = file == null ? "<command line>" : file.toString();
    if (line <= 0) {
      return name;
    }
    return column > 0 ? name + ":" + line + ":" + column : name + ":" + line;
  }
}
