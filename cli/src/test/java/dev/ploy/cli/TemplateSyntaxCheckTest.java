package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template task's Jinja2 file, named by a literal src:, is parsed when the playbook loads:
 * --syntax-check reports its errors at the template's line and column, exit 5, no host contacted.
 */
class TemplateSyntaxCheckTest {
  @TempDir Path dir;

  private Path playbook(String template) throws Exception {
    Files.createDirectories(dir.resolve("roles/web/tasks"));
    Files.createDirectories(dir.resolve("roles/web/templates"));
    Files.writeString(
        dir.resolve("roles/web/tasks/main.yml"),
        "- ansible.builtin.template:\n    src: site.conf.j2\n    dest: /tmp/site.conf\n");
    Files.writeString(dir.resolve("roles/web/templates/site.conf.j2"), template);
    Path site = dir.resolve("site.yml");
    Files.writeString(site, "- hosts: all\n  gather_facts: false\n  roles: [web]\n");
    return site;
  }

  @Test
  void anUnclosedBlockIsReportedAtTheTemplatesLine() throws Exception {
    Path site = playbook("server {\n{% for s in sites %}\n  listen {{ s.port }};\n}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(5);
    assertThat(run.err())
        .contains("site.conf.j2:2:")
        .contains("needs '{% endfor %}'")
        .contains("template of the task at");
  }

  @Test
  void anUnknownFilterOrTagIsReportedToo() throws Exception {
    Path filter = playbook("a\nb {{ name | uper }}\n");
    PloyRun run = PloyRun.of("--syntax-check", filter.toString());
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err()).contains("site.conf.j2:2: no filter named 'uper'");

    Path tag = playbook("{% for x in y %}{% break %}{% endfor %}\n");
    PloyRun broken = PloyRun.of("--syntax-check", tag.toString());
    assertThat(broken.code()).isEqualTo(5);
    assertThat(broken.err()).contains("site.conf.j2:1:").contains("unknown tag 'break'");
  }

  @Test
  void aGoodTemplatePasses() throws Exception {
    Path site = playbook("{% for s in sites | default([]) %}\n{{ s }}\n{% endfor %}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).as(run.err()).isZero();
  }
}
