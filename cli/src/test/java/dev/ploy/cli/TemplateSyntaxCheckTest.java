package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template task's Jinja2 file (or a site module's), named by a literal src:, is parsed when the
 * playbook loads: --syntax-check reports its errors at the template's line and column, exit 5, no
 * host contacted.
 */
class TemplateSyntaxCheckTest {
  @TempDir Path dir;

  private Path playbook(String template) throws Exception {
    return playbook(template, "");
  }

  /** A role whose task templates site.conf.j2, with more arguments (YAML lines) when given. */
  private Path playbook(String template, String moreArgs) throws Exception {
    Files.createDirectories(dir.resolve("roles/web/tasks"));
    Files.createDirectories(dir.resolve("roles/web/templates"));
    Files.writeString(
        dir.resolve("roles/web/tasks/main.yml"),
        "- ansible.builtin.template:\n    src: site.conf.j2\n    dest: /tmp/site.conf\n"
            + moreArgs);
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
    assertThat(run.err())
        .contains("site.conf.j2:2:13: no filter named 'uper'; did you mean 'upper'?");

    Path tag = playbook("{% for x in y %}{% break %}{% endfor %}\n");
    PloyRun broken = PloyRun.of("--syntax-check", tag.toString());
    assertThat(broken.code()).isEqualTo(5);
    assertThat(broken.err()).contains("site.conf.j2:1:").contains("unknown tag 'break'");
  }

  @Test
  void aSiteModulesTemplateIsCheckedAsTheTemplateModulesIs() throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(dir.resolve("templates/app.conf.j2"), "server {\n  {% if tls %}\n}\n");
    Path site = dir.resolve("site.yml");
    Files.writeString(
        site,
        "- hosts: all\n  gather_facts: false\n  tasks:\n"
            + "    - nginx_site: {name: app, src: app.conf.j2}\n"
            + "    - apache2_site: {name: app, src: app.conf.j2}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(5);
    assertThat(run.err()).contains("app.conf.j2:2:").contains("needs '{% endif %}'");
  }

  @Test
  void theTemplatesItIncludesAreCheckedAtTheirOwnLines() throws Exception {
    Path site = playbook("{% include 'part.j2' %}\n{% import 'macros.j2' as m %}\n");
    Files.writeString(dir.resolve("roles/web/templates/part.j2"), "ok\n{% if x %}\n");
    Files.writeString(
        dir.resolve("roles/web/templates/macros.j2"),
        "{% macro f() %}\n{{ 1 is od }}\n{% endmacro %}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err())
        .contains("part.j2:2:")
        .contains("needs '{% endif %}'")
        .contains("macros.j2:2:9: no test named 'od'; did you mean 'odd'?");
  }

  @Test
  void theTasksDelimitersAndTheFirstLineOverridesAreHonoured() throws Exception {
    Path site =
        playbook(
            "{{ not a tag }}\n[% if x %][[ x | uper ]][% endif %]\n",
            "    block_start_string: '[%'\n    block_end_string: '%]'\n"
                + "    variable_start_string: '[['\n    variable_end_string: ']]'\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(5);
    assertThat(run.err()).contains("site.conf.j2:2:18: no filter named 'uper'");

    Path lines =
        playbook(
            "#jinja2: line_statement_prefix: '%'\nA\n% for x in y\n{{ x | uper }}\n% endfor\n");
    PloyRun second = PloyRun.of("--syntax-check", lines.toString());
    assertThat(second.code()).isEqualTo(5);
    assertThat(second.err()).contains("site.conf.j2:4:8: no filter named 'uper'");

    Path unclosed = playbook("#jinja2: trim_blocks: False\nA\n{% if x %}\n");
    PloyRun third = PloyRun.of("--syntax-check", unclosed.toString());
    assertThat(third.code()).isEqualTo(5);
    assertThat(third.err()).contains("site.conf.j2:3:").contains("needs '{% endif %}'");
  }

  @Test
  void aFilterAnsibleHasIsAWarningAsInTasks() throws Exception {
    Path site = playbook("{{ data | json_query('a') }}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("ploy has no filter 'json_query' (Ansible has)");
  }

  @Test
  void aTemplateLookupWithALiteralNameIsCheckedToo() throws Exception {
    Path site = playbook("fine\n");
    Files.writeString(
        dir.resolve("roles/web/tasks/main.yml"),
        "- ansible.builtin.debug:\n    msg: \"{{ lookup('template', 'motd.j2') }}\"\n");
    Files.writeString(dir.resolve("roles/web/templates/motd.j2"), "Hello\n{{ who | lowr }}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err())
        .contains("motd.j2:2:10: no filter named 'lowr'; did you mean 'lower'?")
        .contains("(template of the lookup in '");
  }

  @Test
  void aGoodTemplatePasses() throws Exception {
    Path site = playbook("{% for s in sites | default([]) %}\n{{ s }}\n{% endfor %}\n");
    PloyRun run = PloyRun.of("--syntax-check", site.toString());
    assertThat(run.code()).as(run.err()).isZero();
  }
}
