package dev.ploy.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  private static final Map<String, String> PARTIALS =
      Map.of(
          "header", "# host {{ inventory_hostname }}\n",
          "user_line", "{{ name }}:{{ uid }}\n",
          "broken", "ok\n{{ nope }}\n");

  private final TemplateRenderer renderer =
      new TemplateRenderer(name -> Optional.ofNullable(PARTIALS.get(name)));

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Templar templar(Object... kv) {
    return new Templar(Scope.of(map(kv)));
  }

  private String render(String source, Object... kv) throws TemplateException {
    return renderer.render(source, "test.j2", templar(kv));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = TemplateRendererTest.class.getResourceAsStream("/template/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void loopsOverListsOfMapsWithNestedAndInvertedSections() throws Exception {
    Templar t =
        templar(
            "servers",
            List.of(
                map(
                    "port", 80,
                    "names", List.of("a.example", "b.example"),
                    "locations",
                        List.of(
                            map("path", "/", "backend", "http://{{ app_host }}:8080"),
                            map("path", "/static", "backend", "http://files"))),
                map("port", 443, "names", List.of("c.example"), "locations", List.of())),
            "app_host",
            "app");
    String out = renderer.render(resource("nginx.conf.mustache"), "nginx.conf.mustache", t);
    assertThat(out).isEqualTo(resource("nginx.conf.expected"));
  }

  @Test
  void scalarItemsAreDotAndItem() throws TemplateException {
    assertThat(render("{{#xs}}[{{ . }}|{{ item }}]{{/xs}}", "xs", List.of(1, "b")))
        .isEqualTo("[1|1][b|b]");
  }

  @Test
  void truthySectionsRenderOnceAndSeeMapKeys() throws TemplateException {
    assertThat(render("{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}", "flag", true)).isEqualTo("on");
    assertThat(render("{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}", "flag", 0)).isEqualTo("off");
    assertThat(render("{{#db}}{{ host }}:{{ port }}{{/db}}", "db", map("host", "h", "port", 5)))
        .isEqualTo("h:5");
  }

  @Test
  void sectionTagsMayBeExpressions() throws TemplateException {
    Object servers = List.of(map("n", "a", "enabled", true), map("n", "b", "enabled", false));
    assertThat(
            render("{{#servers | selectattr('enabled')}}{{ n }}{{/servers}}", "servers", servers))
        .isEqualTo("a");
    assertThat(
            render(
                "{{# servers | map(attribute='n') }}<{{.}}>{{/ servers | map(attribute='n') }}",
                "servers",
                servers))
        .isEqualTo("<a><b>");
  }

  @Test
  void expressionsAndFiltersInTags() throws TemplateException {
    assertThat(
            render(
                "{{ names | join(' ') }} {{ port + 1 }} {{ a.b }} {{{ a.b | upper }}}",
                "names",
                List.of("x", "y"),
                "port",
                79,
                "a",
                map("b", "c")))
        .isEqualTo("x y 80 c C");
    assertThat(render("{{ {'k': [1, 2]} }}")).isEqualTo("{'k': [1, 2]}");
    assertThat(render("{{ 'a}}b' }}")).isEqualTo("a}}b");
  }

  @Test
  void noHtmlEscaping() throws TemplateException {
    assertThat(render("{{ s }}|{{{ s }}}|{{& s }}", "s", "<a href=\"x\">&'</a>"))
        .isEqualTo("<a href=\"x\">&'</a>|<a href=\"x\">&'</a>|<a href=\"x\">&'</a>");
  }

  @Test
  void partialsAndComments() throws TemplateException {
    String out =
        render(
            "{{> header}}{{! a comment }}{{#users}}{{> user_line}}{{/users}}",
            "inventory_hostname",
            "web1",
            "users",
            List.of(map("name", "ann", "uid", 1000), map("name", "bo", "uid", 1001)));
    assertThat(out).isEqualTo("# host web1\nann:1000\nbo:1001\n");
  }

  @Test
  void missingPartialNamesTheIncludingLine() {
    assertThatThrownBy(() -> render("a\n{{> nowhere}}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("test.j2:2")
        .hasMessageContaining("partial 'nowhere' not found");
  }

  @Test
  void jinjaStatementsAreRejectedWithTheirLine() {
    assertThatThrownBy(
            () -> renderer.render(resource("jinja.conf.j2"), "jinja.conf.j2", templar("x", 1)))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "jinja.conf.j2:3: Jinja statements ({% %}) are not supported in ploy templates; use a"
                + " Mustache section {{#list}}...{{/list}} instead");
  }

  @Test
  void undefinedVariablesNameTemplateLineAndVariable() {
    assertThatThrownBy(() -> render("line1\nline2 {{ port }}\n{{ missing_var + 1 }}", "port", 1))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("test.j2:3")
        .hasMessageContaining("'missing_var' is undefined");
    assertThatThrownBy(() -> render("x\n{{#users}}{{> broken}}{{/users}}", "users", List.of(1)))
        .hasMessageContaining("broken:2")
        .hasMessageContaining("'nope' is undefined");
  }

  @Test
  void mismatchedSectionsAreReported() {
    assertThatThrownBy(() -> render("{{#a}}\n{{/b}}", "a", true))
        .hasMessageContaining("test.j2:2")
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> render("\n{{#a}}x", "a", true)).hasMessageContaining("test.j2:2");
  }

  @Test
  void quotesAndBracesInsideTags() throws TemplateException {
    assertThat(render("{{ \"it's\" }} {{ {'a': {'b': 1}}.a.b }} {{ 'x|y' | replace('|', '/') }}"))
        .isEqualTo("it's 1 x/y");
  }
}
