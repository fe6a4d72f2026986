package dev.ploy.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a plan was made from: every file under its roots (the playbooks' directories with their
 * roles, group_vars, templates and files; the inventory sources; the roles path; ploy.yml) with its
 * SHA-256. Hidden files and directories (.git) are left out, and so are the plan files themselves;
 * at a directory's top only its YAML, INI and template files count (a summary written beside the
 * playbook is no input).
 *
 * @param roots the files and directories read, as given
 * @param files each file's path (a root, or a root joined with the path below it) and checksum
 */
public record Inputs(List<String> roots, Map<String, String> files) {

  public Inputs {
    roots = List.copyOf(roots);
    files = new TreeMap<>(files);
  }

  /** Reads the files under {@code roots}, but for {@code excluded} (the plan files). */
  public static Inputs read(List<String> roots, Set<Path> excluded) {
    Set<Path> left = new java.util.HashSet<>();
    excluded.forEach(p -> left.add(p.toAbsolutePath().normalize()));
    Map<String, String> files = new TreeMap<>();
    for (String root : roots) {
      Path start = Path.of(root);
      if (Files.isRegularFile(start)) {
        files.put(root, checksum(start));
      } else if (Files.isDirectory(start)) {
        try (Stream<Path> walk = Files.walk(start)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> !hidden(start.relativize(p)))
              .filter(p -> start.relativize(p).getNameCount() > 1 || readAtTop(p))
              .filter(p -> !left.contains(p.toAbsolutePath().normalize()))
              .forEach(p -> files.put(p.toString(), checksum(p)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
      }
    }
    return new Inputs(roots, files);
  }

  /**
   * How {@code now} differs from these inputs: files changed or gone, and files added below a
   * root's top directory (a role's, group_vars', a template directory's), which a run reads without
   * being told. A file added at a root's top (a plan's summary) is no input until something names
   * it, and naming it changes a file that is.
   */
  public List<String> changesIn(Inputs now) {
    List<String> changes = new ArrayList<>();
    files.forEach(
        (path, sum) -> {
          String current = now.files().get(path);
          if (current == null) {
            changes.add("gone: " + path);
          } else if (!current.equals(sum)) {
            changes.add("changed: " + path);
          }
        });
    now.files()
        .keySet()
        .forEach(
            path -> {
              if (!files.containsKey(path) && belowTop(path)) {
                changes.add("added: " + path);
              }
            });
    return changes;
  }

  private boolean belowTop(String file) {
    Path path = Path.of(file);
    for (String root : roots) {
      Path start = Path.of(root);
      if (path.startsWith(start) && !path.equals(start)) {
        return start.relativize(path).getNameCount() > 1;
      }
    }
    return false;
  }

  private static boolean readAtTop(Path file) {
    String name = file.getFileName().toString();
    return name.matches(".*\\.(ya?ml|ini|cfg|j2)");
  }

  private static boolean hidden(Path relative) {
    for (Path name : relative) {
      if (name.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String checksum(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
