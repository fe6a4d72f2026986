package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The list, path and layout filters playbooks and roles commonly use, as Ansible and Jinja give
 * them.
 */
class MoreFiltersTest {
  private final Templar templar =
      new Templar(
          Scope.of(
              Map.of(
                  "hostvars",
                  Map.of(
                      "db1", Map.of("ansible_host", "10.0.0.5", "port", 5432),
                      "db2", Map.of("ansible_host", "10.0.0.6", "port", 5433)),
                  "groups",
                  Map.of("db", List.of("db1", "db2")),
                  "users",
                  List.of(
                      Map.of("name", "alice", "keys", List.of("ka1", "ka2"), "team", "ops"),
                      Map.of("name", "bob", "keys", List.of("kb1"), "team", "dev"),
                      Map.of("name", "carol", "team", "ops")))));

  private Object eval(String expression) throws ExprException {
    return templar.evaluate(expression);
  }

  @Test
  void extractAndSubelements() throws Exception {
    assertThat(eval("groups['db'] | map('extract', hostvars, 'ansible_host') | list"))
        .isEqualTo(List.of("10.0.0.5", "10.0.0.6"));
    assertThat(eval("'db2' | extract(hostvars, ['port'])")).isEqualTo(5433);
    assertThat(eval("1 | extract(['a', 'b'])")).isEqualTo("b");
    assertThat(eval("users | subelements('keys', skip_missing=True) | map('last') | list"))
        .isEqualTo(List.of("ka1", "ka2", "kb1"));
    assertThat(eval("(users | subelements('keys', {'skip_missing': True}))[0][0].name"))
        .isEqualTo("alice");
    assertThatThrownBy(() -> eval("users | subelements('keys')"))
        .hasMessageContaining("no attribute 'keys'");
  }

  @Test
  void regrouping() throws Exception {
    assertThat(eval("[1, 2] | product(['a', 'b'])"))
        .isEqualTo(List.of(List.of(1, "a"), List.of(1, "b"), List.of(2, "a"), List.of(2, "b")));
    assertThat(eval("[1, 2, 3] | combinations(2)"))
        .isEqualTo(List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3)));
    assertThat(eval("[1, 2, 3] | permutations(2) | length")).isEqualTo(6);
    assertThat(eval("{'b': 1, 'A': 2, 'c': 0} | dictsort"))
        .isEqualTo(List.of(List.of("A", 2), List.of("b", 1), List.of("c", 0)));
    assertThat(
            eval(
                "{'b': 1, 'A': 2, 'c': 0} | dictsort(by='value', reverse=true) | map('first') | list"))
        .isEqualTo(List.of("A", "b", "c"));
    assertThat(eval("users | groupby('team') | map('first') | list"))
        .isEqualTo(List.of("dev", "ops"));
    assertThat(eval("(users | groupby('team'))[1][1] | map(attribute='name') | list"))
        .isEqualTo(List.of("alice", "carol"));
    // each group also answers .grouper and .list, as Jinja's named tuples do
    assertThat(eval("(users | groupby('team'))[0].grouper")).isEqualTo("dev");
    assertThat(eval("(users | groupby('team') | last).list | map(attribute='name') | list"))
        .isEqualTo(List.of("alice", "carol"));
    assertThat(eval("users | groupby('team') | map(attribute='grouper') | list"))
        .isEqualTo(List.of("dev", "ops"));
    assertThat(eval("range(5) | batch(2, 'x')"))
        .isEqualTo(List.of(List.of(0, 1), List.of(2, 3), List.of(4, "x")));
    assertThat(eval("range(5) | slice(2)")).isEqualTo(List.of(List.of(0, 1, 2), List.of(3, 4)));
    assertThat(eval("range(10) | shuffle(seed='web1')"))
        .isEqualTo(eval("range(10) | shuffle(seed='web1')"));
    assertThat(eval("range(10) | shuffle | sort")).isEqualTo(eval("range(10) | list"));
  }

  @Test
  void pathsAndUrls() throws Exception {
    assertThat(eval("'/srv/app/backup.tar.gz' | splitext"))
        .isEqualTo(List.of("/srv/app/backup.tar", ".gz"));
    assertThat(eval("'/home/.bashrc' | splitext")).isEqualTo(List.of("/home/.bashrc", ""));
    assertThat(eval("['/srv', 'app', 'static/'] | path_join")).isEqualTo("/srv/app/static/");
    assertThat(eval("['/srv', '/etc', 'nginx'] | path_join")).isEqualTo("/etc/nginx");
    assertThat(eval("'~/.ssh' | expanduser")).isEqualTo(System.getProperty("user.home") + "/.ssh");
    assertThat(eval("'https://user:pw@Example.org:8443/a/b?x=1#top' | urlsplit('hostname')"))
        .isEqualTo("example.org");
    @SuppressWarnings("unchecked")
    Map<String, Object> parts =
        (Map<String, Object>) eval("'https://example.org/a?x=1' | urlsplit");
    assertThat(parts)
        .containsEntry("scheme", "https")
        .containsEntry("netloc", "example.org")
        .containsEntry("path", "/a")
        .containsEntry("query", "x=1")
        .containsEntry("port", null);
    assertThat(eval("'a b/c&d' | urlencode")).isEqualTo("a%20b/c%26d");
    assertThat(eval("{'q': 'a b', 'page': 2} | urlencode")).isEqualTo("q=a%20b&page=2");
  }

  @Test
  void layout() throws Exception {
    assertThat(eval("'Managed by ploy' | comment")).isEqualTo("#\n# Managed by ploy\n#");
    assertThat(eval("'Managed\\nby ploy' | comment('c')"))
        .isEqualTo("//\n// Managed\n// by ploy\n//");
    assertThat(eval("'x' | comment(decoration='; ', prefix='', postfix=';')")).isEqualTo("; x\n;");
    assertThat(eval("'the quick brown fox' | truncate(12, leeway=0)")).isEqualTo("the...");
    assertThat(eval("'the quick brown fox' | truncate(12, true, leeway=0)"))
        .isEqualTo("the quick...");
    assertThat(eval("'a b c d' | wordwrap(3)")).isEqualTo("a b\nc d");
    assertThat(eval("'ab' | center(6)")).isEqualTo("  ab  ");
    assertThat(eval("'one two  three' | wordcount")).isEqualTo(3);
    assertThat(eval("1048576 | human_readable")).isEqualTo("1.00 MB");
    assertThat(eval("500 | human_readable")).isEqualTo("500.00 Bytes");
    assertThat(eval("1048576 | human_readable(unit='K')")).isEqualTo("1024.00 KB");
    assertThatThrownBy(() -> eval("'monkeys' | human_readable"))
        .hasMessageContaining(
            "human_readable() failed on bad input: '>=' not supported between instances of 'str'"
                + " and 'int'");
    assertThat(eval("'10M' | human_to_bytes")).isEqualTo(10485760);
    assertThat(eval("'1.5 GB' | human_to_bytes")).isEqualTo(1610612736);
    assertThat(eval("'2' | human_to_bytes(default_unit='K')")).isEqualTo(2048);
    assertThat(eval("'0.1' | human_to_bytes")).isEqualTo(0);
    assertThat(eval("'0.9' | human_to_bytes")).isEqualTo(1);
    assertThat(eval("'1.1 GB' | human_to_bytes")).isEqualTo(1181116006);
    assertThat(eval("'%Y-%m-%d %H:%M:%S %a %b %j' | strftime(0, utc=true)"))
        .isEqualTo("1970-01-01 00:00:00 Thu Jan 001");
    // %f: microseconds, which ansible's loops target reads as now(fmt='%s.%f')
    assertThat((String) eval("now(fmt='%s.%f')")).matches("\\d+\\.\\d{6}");
  }
}
