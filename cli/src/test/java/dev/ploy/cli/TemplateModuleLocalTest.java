package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template module on this machine: the variables Ansible gives a template. */
class TemplateModuleLocalTest {
  @TempDir Path dir;

  @Test
  void aTemplateSeesItsDestinationAndItsModificationTime() throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(
        dir.resolve("templates/vars.j2"),
        "dest={{ template_destpath }}\nyear={{ template_mtime.year }}\nrun={{ template_run_date"
            + " is string }}\n");
    Path out = dir.resolve("out");
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - template: {src: vars.j2, dest: "%s/vars.txt"}
            """)
                .formatted(out));
    Files.createDirectories(out);
    PloyRun run = PloyRun.local("here", playbook.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    int year =
        Files.getLastModifiedTime(dir.resolve("templates/vars.j2"))
            .toInstant()
            .atZone(java.time.ZoneId.systemDefault())
            .getYear();
    assertThat(Files.readString(out.resolve("vars.txt")))
        .isEqualTo("dest=" + out + "/vars.txt\nyear=" + year + "\nrun=False\n");
  }

  @Test
  void trimBlocksLstripBlocksAndNewlineSequenceAreTheModulesAsInAnsible() throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(
        dir.resolve("templates/t.j2"), "top\n  {% if true %}\nin\n  {% endif %}\nend\n");
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - template: {src: t.j2, dest: "%1$s/default.txt"}
            - template:
                src: t.j2
                dest: "%1$s/options.txt"
                trim_blocks: false
                lstrip_blocks: true
                newline_sequence: '\\r\\n'
            """)
                .formatted(dir));
    PloyRun run = PloyRun.local("here", playbook.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    // as ansible-playbook 2.14 writes them
    assertThat(Files.readString(dir.resolve("default.txt"))).isEqualTo("top\n  in\n  end\n");
    assertThat(Files.readString(dir.resolve("options.txt")))
        .isEqualTo("top\r\n\r\nin\r\n\r\nend\r\n");
  }

  @Test
  void outputEncodingEncodesTheFileWritten() throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(dir.resolve("templates/cafe.j2"), "café {{ 'à' }}\n");
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - template: {src: cafe.j2, dest: "%1$s/utf8.txt"}
            - template: {src: cafe.j2, dest: "%1$s/latin1.txt", output_encoding: latin-1}
            """)
                .formatted(dir));
    PloyRun run = PloyRun.local("here", playbook.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("utf8.txt")))
        .isEqualTo("café à\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Files.readAllBytes(dir.resolve("latin1.txt")))
        .isEqualTo("café à\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void otherDelimitersReadTheTemplateAndLeaveJinjasOwnAsText() throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(
        dir.resolve("templates/d.j2"),
        "[# a comment #]{# kept #}\n[% if true %]\n[[ greeting ]] {{ greeting }}\n[% endif %]\n");
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            Play.onAll()
                .noFacts()
                .with("vars: {greeting: hi}")
                .tasks(
                    """
            - template:
                src: d.j2
                dest: "%s/out.txt"
                block_start_string: "[%%"
                block_end_string: "%%]"
                variable_start_string: "[["
                variable_end_string: "]]"
                comment_start_string: "[#"
                comment_end_string: "#]"
            """)
                .formatted(dir));
    PloyRun run = PloyRun.local("here", playbook.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    // as ansible-playbook 2.14 writes it
    assertThat(Files.readString(dir.resolve("out.txt")))
        .isEqualTo("{# kept #}\nhi {{ greeting }}\n");
  }
}
