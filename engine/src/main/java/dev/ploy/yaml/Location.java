package dev.ploy.yaml;

import java.nio.file.Path;

/** A place in a source file: where a task, a key or an error is. Lines and columns count from 1. */
public record Location(Path file, int line, int column) {

  public static Location of(Path file) {
    return new Location(file, 0, 0);
  }

  @Override
  public String toString() {
    String name = file == null ? "<command line>" : display(file);
    if (line <= 0) {
      return name;
    }
    return column > 0 ? name + ":" + line + ":" + column : name + ":" + line;
  }

  /** A path under the working directory is shown relative to it, as a user typed it. */
  private static String display(Path file) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : file.toString();
  }
}
