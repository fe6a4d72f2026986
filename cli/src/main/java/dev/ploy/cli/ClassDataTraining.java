package dev.ploy.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads the classes a playbook run over SSH loads, listed in {@code startup-classes.txt}, and
 * exits. The {@code ./ploy} launcher runs this once per build with {@code
 * -XX:ArchiveClassesAtExit}, so that every later run maps those classes from the archive instead of
 * reading and verifying them from the jar. A class missing from the list only loads the slow way; a
 * listed class that no longer exists is skipped.
 *
 * <p>Refresh the list after large changes, from a run against real hosts:
 *
 * <pre>
 * java -XX:DumpLoadedClassList=/tmp/classes.lst -jar cli/target/ploy.jar -i HOSTS bench/playbooks/web.yml
 * grep -v -e '^#' -e '^@' /tmp/classes.lst | cut -d' ' -f1 \
 *   > cli/src/main/resources/dev/ploy/cli/startup-classes.txt
 * </pre>
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  public static void main(String[] args) throws IOException {
    ClassLoader loader = ClassDataTraining.class.getClassLoader();
    try (InputStream list = ClassDataTraining.class.getResourceAsStream("startup-classes.txt")) {
      if (list == null) {
        return;
      }
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        load(line.strip().replace('/', '.'), loader);
      }
    }
  }

  private static void load(String name, ClassLoader loader) {
    if (name.isEmpty()) {
      return;
    }
    try {
      Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      // Gone since the list was recorded: it simply is not archived.
    }
  }
}
