package dev.ploy.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the classes a playbook run over SSH loads, listed in {@code startup-classes.txt}, and
 * exits. The {@code ./ploy} launcher runs this once per build with {@code
 * -XX:ArchiveClassesAtExit}, so that every later run maps those classes from the archive instead of
 * reading and verifying them from the jar. A class missing from the list only loads the slow way; a
 * listed class that no longer exists is skipped. It then checks the syntax of a small playbook (no
 * host is contacted), so that the lambdas and the command line's model a run builds at start are
 * created once here and archived too (a run defined about 270 such classes at start otherwise).
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
    exercise();
  }

  private static final String PLAYBOOK =
      String.join(
          "\n",
          "- name: Training",
          "  hosts: all",
          "  vars: {user: app}",
          "  tasks:",
          "    - ansible.builtin.apt: {name: [nginx], state: present, cache_valid_time: 60}",
          "    - ansible.builtin.user: {name: '{{ user }}', shell: /bin/bash}",
          "    - ansible.builtin.file: {path: '/srv/{{ item }}', state: directory, mode: '0755'}",
          "      loop: [a, b]",
          "    - ansible.builtin.copy: {dest: /srv/a/x, content: \"{{ user | upper }}\\n\"}",
          "      notify: Reload",
          "    - ansible.builtin.lineinfile: {path: /srv/a/y, line: k = v, regexp: '^k =', create: true}",
          "    - ansible.builtin.cron: {name: n, minute: '0', job: 'true'}",
          "    - ansible.builtin.command: 'true'",
          "      changed_when: false",
          "  handlers:",
          "    - name: Reload",
          "      ansible.builtin.service: {name: nginx, state: reloaded}",
          "");

  /**
   * Checks a playbook's syntax as a run does before it contacts hosts; its output is not needed.
   */
  private static void exercise() throws IOException {
    Path dir = Files.createTempDirectory("ploy-class-data");
    Path playbook = dir.resolve("training.yml");
    try {
      Files.writeString(playbook, PLAYBOOK);
      Main.run("--syntax-check", "-i", "training.invalid,", playbook.toString());
    } catch (RuntimeException e) {
      // a training that fails only archives fewer classes
    } finally {
      Files.deleteIfExists(playbook);
      Files.deleteIfExists(dir);
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
