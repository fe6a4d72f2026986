package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from targets, lookups and {@code !unsafe} is never templated again, however it travels: as
 * Ansible's AnsibleUnsafeText.
 */
class UnsafeTest {
  private static final String SUM = "{{ 7*7 }}";

  @TempDir Path dir;

  /** A registered result as the executor stores it: every string marked unsafe. */
  private static Object registered(String stdout) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stdout", stdout);
    result.put("stdout_lines", List.of(stdout, "second"));
    result.put("rc", 0);
    return Unsafe.wrap(result);
  }

  private static Templar templar(Map<String, Object> vars) {
    return new Templar(Scope.of(vars));
  }

  private Path pwned() {
    return dir.resolve("pwned");
  }

  private String payload() {
    return "{{ lookup('pipe', 'touch " + pwned() + "') }}";
  }

  @Test
  void aRegisteredResultRendersAsItsLiteralText() throws ExprException {
    Templar t = templar(Map.of("r", registered(payload())));
    assertThat(t.template("{{ r.stdout }}")).isEqualTo(payload());
    assertThat(t.template("got: {{ r.stdout }}!")).isEqualTo("got: " + payload() + "!");
    assertThat(t.template("{{ r }}")).isEqualTo(Unsafe.strip(registered(payload())));
    assertThat(t.render("{{ r.stdout_lines[0] }}")).isEqualTo(payload());
    assertThat(t.evaluate("r.stdout")).isEqualTo(payload());
    assertThat(t.lookup("r"))
        .isEqualTo(
            Map.of("stdout", payload(), "stdout_lines", List.of(payload(), "second"), "rc", 0));
    assertThat(t.condition("r.stdout is search('pipe')")).isTrue();
    assertThat(pwned()).doesNotExist();
  }

  @Test
  void whatATemplateMadeOfUnsafeTextIsStaysUnsafeWhenStored() throws ExprException {
    Templar t = templar(Map.of("r", registered(SUM)));
    assertThat(t.templateToStore("{{ r.stdout }}")).isEqualTo(new Unsafe(SUM));
    assertThat(t.templateToStore("x {{ r.stdout }} y")).isEqualTo(new Unsafe("x " + SUM + " y"));
    assertThat(t.templateToStore("{{ r.stdout_lines }}"))
        .isEqualTo(List.of(new Unsafe(SUM), new Unsafe("second")));
    assertThat(t.templateToStore("{{ r.rc }}")).as("a number's text is safe").isEqualTo("0");
    assertThat(t.templateToStore("{{ 'plain' }}")).isEqualTo("plain");

    // what set_fact stored, read again: the literal text, not 49
    Object fact = t.templateToStore("{{ r.stdout }}");
    Templar later =
        templar(Map.of("fact", fact, "items", t.templateToStore("{{ r.stdout_lines }}")));
    assertThat(later.template("{{ fact }}")).isEqualTo(SUM);
    assertThat(later.template("{{ items[0] }}")).isEqualTo(SUM);
    assertThat(later.templateToStore("{{ fact }}")).isEqualTo(new Unsafe(SUM));
  }

  @Test
  void aPlaybookVariableReadingUnsafeTextIsRenderedOnceOnly() throws ExprException {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("r", registered(SUM));
    vars.put("indirect", "{{ r.stdout }}");
    vars.put("twice", "{{ indirect }}");
    vars.put("written", SUM);
    Templar t = templar(vars);
    assertThat(t.template("{{ indirect }}")).isEqualTo(SUM);
    assertThat(t.template("{{ twice }}")).isEqualTo(SUM);
    assertThat(t.templateToStore("{{ twice }}")).isEqualTo(new Unsafe(SUM));
    assertThat(t.template("{{ written }}"))
        .as("a playbook's own text is templated")
        .isEqualTo("49");
  }

  @Test
  void filtersSeeAPlainStringAndTheirTextIsNotTemplatedAfter() throws ExprException {
    Templar t = templar(Map.of("r", registered(SUM)));
    assertThat(t.template("{{ r.stdout | length }}")).isEqualTo("9");
    assertThat(t.template("{{ r.stdout | upper }}")).isEqualTo("{{ 7*7 }}");
    assertThat(t.template("{{ r.stdout | regex_replace('7', '6') }}")).isEqualTo("{{ 6*6 }}");
    assertThat(t.template("{{ r.stdout | to_json }}")).isEqualTo("\"{{ 7*7 }}\"");
    assertThat(t.template("{{ r.stdout ~ '!' }}")).isEqualTo("{{ 7*7 }}!");
    assertThat(t.template("{{ r.stdout == '{{ 7*7 }}' }}")).isEqualTo(true);
    assertThat(t.templateToStore("{{ r.stdout | replace('7', '8') }}"))
        .isEqualTo(new Unsafe("{{ 8*8 }}"));
  }

  @Test
  void hostvarsAndNestedValuesKeepTheirMarks() throws ExprException {
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("r", registered(payload()));
    Templar t = templar(Map.of("hostvars", Map.of("web", host)));
    assertThat(t.template("{{ hostvars['web'].r.stdout }}")).isEqualTo(payload());
    assertThat(t.templateToStore("{{ hostvars.web.r.stdout }}")).isEqualTo(new Unsafe(payload()));
    assertThat(pwned()).doesNotExist();
  }

  @Test
  void keysFromATargetAreNotTemplated() throws ExprException {
    Object services = Unsafe.wrap(Map.of(SUM, "running"));
    assertThat(services).isEqualTo(Map.of(new Unsafe(SUM), new Unsafe("running")));
    Templar t = templar(Map.of("services", services));
    assertThat(t.template("{{ services }}")).isEqualTo(Map.of(SUM, "running"));
    assertThat(t.template("{{ services | dict2items | map(attribute='key') | first }}"))
        .isEqualTo(SUM);
  }

  @Test
  void lookupResultsAreUnsafe() throws Exception {
    Path file = Files.writeString(dir.resolve("data.txt"), SUM + "\n");
    Templar t = templar(Map.of());
    String read = "{{ lookup('file', '" + file + "') }}";
    assertThat(t.template(read)).isEqualTo(SUM);
    assertThat(t.templateToStore(read)).isEqualTo(new Unsafe(SUM));
    assertThat(t.templateToStore("{{ query('file', '" + file + "') }}"))
        .isEqualTo(List.of(new Unsafe(SUM)));
  }

  @Test
  void unsafeTaggedYamlIsNeverTemplated() throws Exception {
    String text =
        """
        one: !unsafe '{{ 7*7 }}'
        many: !unsafe ['{{ a }}', '{% b %}']
        nested: !unsafe {k: '{{ c }}'}
        """;
    Object root = YamlReader.parse(dir.resolve("vars.yml"), text).root();
    assertThat(root)
        .isEqualTo(
            Map.of(
                "one",
                new Unsafe(SUM),
                "many",
                List.of(new Unsafe("{{ a }}"), new Unsafe("{% b %}")),
                "nested",
                Map.of("k", new Unsafe("{{ c }}"))));
    @SuppressWarnings("unchecked")
    Templar t = templar((Map<String, Object>) root);
    assertThat(t.template("{{ one }}")).isEqualTo(SUM);
    assertThat(t.template(new Unsafe("{{ one }}"))).as("a task argument").isEqualTo("{{ one }}");
    assertThat(t.template("{{ many }}")).isEqualTo(List.of("{{ a }}", "{% b %}"));
    assertThat(t.template("{{ nested.k }}")).isEqualTo("{{ c }}");
    assertThat(t.template(Map.of("msg", new Unsafe("{{ x }}"))))
        .isEqualTo(Map.of("msg", "{{ x }}"));
  }

  @Test
  void unsafeTextPrintsAsPlainText() {
    assertThat(new Unsafe(SUM)).hasToString(SUM);
    assertThat(Unsafe.strip(new Unsafe(SUM))).isEqualTo(SUM);
    Object plain = Map.of("a", List.of("b"));
    assertThat(Unsafe.strip(plain)).isSameAs(plain);
  }
}
