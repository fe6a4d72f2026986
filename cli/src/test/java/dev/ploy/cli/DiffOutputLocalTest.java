package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --check --diff of file tasks beside ansible-playbook 2.14's output for the same tasks
 * (resources/diff-output/ansible.out): the same content lines, a new file's content once, and
 * ploy's attributes apart from the content under "@@ attributes @@" where Ansible's file module
 * shows a JSON mapping.
 */
class DiffOutputLocalTest {
  @TempDir Path out;

  @Test
  void contentAndAttributesReadAsAnsibleShowsThem() throws Exception {
    Path dir = Path.of(getClass().getResource("/diff-output/site.yml").toURI()).getParent();
    Files.writeString(out.resolve("old.txt"), "one\ntwo\n");
    Files.writeString(out.resolve("m.txt"), "");
    Files.writeString(out.resolve("gone.txt"), "");
    for (String file : List.of("old.txt", "m.txt")) {
      Files.setPosixFilePermissions(
          out.resolve(file), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    PloyRun run =
        PloyRun.local(
            "localhost",
            "-e",
            "out=" + out,
            "--check",
            "--diff",
            dir.resolve("site.yml").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Map<String, String> ploy = tasks(run.out().replace(out.toString(), "OUT"));
    Map<String, String> ansible = tasks(Files.readString(dir.resolve("ansible.out")));

    // content: the same hunks; the new file's content once, its mode apart
    assertThat(hunk(ploy.get("new file with mode")))
        .isEqualTo(hunk(ansible.get("new file with mode")));
    assertThat(ploy.get("new file with mode"))
        .contains("--- before: OUT/new.txt (absent)\n")
        .endsWith("@@ -0,0 +1,2 @@\n+one\n+two\n@@ attributes @@\n+mode: 0600\n");
    assertThat(hunk(ploy.get("change content and mode")))
        .isEqualTo(hunk(ansible.get("change content and mode")))
        .isEqualTo("@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n");
    assertThat(ploy.get("change content and mode"))
        .endsWith("@@ attributes @@\n-mode: 0644\n+mode: 0600\n");

    // attributes: what Ansible's file module shows as changed keys of a mapping
    for (String task : List.of("mode only", "directory", "absent")) {
      assertThat(attributes(ploy.get(task))).as(task).isEqualTo(jsonChanges(ansible.get(task)));
    }
  }

  /** Each task's lines, by task name (the TASK header and the status line left out). */
  private static Map<String, String> tasks(String output) {
    Map<String, String> tasks = new LinkedHashMap<>();
    String name = null;
    StringBuilder lines = new StringBuilder();
    for (String line : (output + "\nTASK [end] *\n").lines().toList()) {
      if (line.startsWith("TASK [") || line.startsWith("PLAY RECAP")) {
        if (name != null) {
          tasks.put(name, lines.toString());
        }
        name = line.startsWith("TASK [") ? line.substring(6, line.indexOf(']')) : null;
        lines.setLength(0);
      } else if (!line.isBlank() && !line.startsWith("changed: ") && !line.startsWith("ok: ")) {
        lines.append(line).append('\n');
      }
    }
    return tasks;
  }

  /** A content diff's hunks, headers and attributes set aside. */
  private static String hunk(String shown) {
    String body = shown.substring(shown.indexOf("\n@@ -") + 1);
    int attributes = body.indexOf("@@ attributes @@");
    return attributes < 0 ? body : body.substring(0, attributes);
  }

  private static List<String> attributes(String shown) {
    return shown.substring(shown.indexOf("@@ attributes @@\n") + 17).lines().toList();
  }

  /** Ansible's "- \"mode\": \"0644\"," lines as "-mode: 0644". */
  private static List<String> jsonChanges(String shown) {
    List<String> changes = new ArrayList<>();
    for (String line : shown.lines().toList()) {
      if (line.matches("[-+] +\".*")) {
        String[] pair = line.substring(1).strip().replaceAll(",$", "").split(": ", 2);
        changes.add(line.charAt(0) + pair[0].replace("\"", "") + ": " + pair[1].replace("\"", ""));
      }
    }
    return changes;
  }
}
