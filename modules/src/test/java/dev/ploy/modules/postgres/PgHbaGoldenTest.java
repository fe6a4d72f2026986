package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every case in pghba/cases.json edited by ploy's postgresql_pg_hba, compared with what
 * community.postgresql's module did to the same file (pghba/expected.json, recorded by
 * pghba/generate.py): same content byte for byte, same changed, msgs and pg_hba, same failures.
 */
class PgHbaGoldenTest {
  private static final String PATH = "/etc/postgresql/15/main/pg_hba.conf";

  static Stream<Arguments> cases() throws Exception {
    List<Map<String, Object>> cases = load("cases.json");
    List<Map<String, Object>> expected = load("expected.json");
    List<Arguments> all = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      all.add(Arguments.of(cases.get(i).get("name"), cases.get(i), expected.get(i)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void editsLikeTheCollection(String name, Map<String, Object> input, Map<String, Object> expected)
      throws Exception {
    assertThat(expected.get("name")).isEqualTo(name);
    Map<String, Object> raw = new LinkedHashMap<>((Map<String, Object>) input.get("args"));
    raw.put("dest", PATH);
    String before = (String) input.get("before");
    byte[] content = before == null ? null : before.getBytes(StandardCharsets.UTF_8);
    Args args = Args.bind(new PostgresqlPgHba().spec(), raw);
    List<String> msgs = new ArrayList<>();
    HbaFile file;
    try {
      file = PostgresqlPgHba.edit(args, PostgresqlPgHba.rules(args), content, msgs);
      if (content == null && file.changed() && !args.bool("create")) {
        throw new ModuleException(
            "Error writing file:\npg_hba file '"
                + PATH
                + "' doesn't exist. Use create option to autocreate.");
      }
    } catch (ModuleException e) {
      assertThat(expected.get("failed")).as("failed: " + e.getMessage()).isEqualTo(true);
      assertThat(e.getMessage())
          .isEqualTo(((String) expected.get("msg")).replaceAll("/tmp/\\w+/case\\d+", PATH));
      return;
    }
    assertThat(expected.get("failed"))
        .as("the collection failed: " + expected.get("msg"))
        .isEqualTo(false);
    assertThat(file.changed()).as("changed").isEqualTo(expected.get("changed"));
    if (file.changed()) {
      msgs.add("Changed");
      msgs.add("Writing");
    }
    assertThat(msgs).as("msgs").isEqualTo(expected.get("msgs"));
    List<Map<String, Object>> rules = new ArrayList<>();
    file.sorted().forEach(rule -> rules.add(rule.asMap()));
    assertThat(rules).as("pg_hba").isEqualTo(expected.get("pg_hba"));
    String after = file.changed() ? file.render() : before;
    assertThat(after).as("content").isEqualTo(expected.get("after"));
  }

  /**
   * The diff the collection returns (recorded with ansible-playbook 2.14 and community.postgresql
   * on this file): the lines of the rules the task added, and of those it removed as it gave them.
   */
  @org.junit.jupiter.api.Test
  void diffsAsTheCollection() throws Exception {
    String before = "local\tall\tpostgres\tpeer\nhost\tall\tall\t10.0.0.0/8\tmd5\n";
    Map<String, Object> add = new LinkedHashMap<>();
    add.put("dest", PATH);
    add.put("contype", "host");
    add.put("users", "app");
    add.put("source", "192.168.0.0/24");
    add.put("databases", "appdb");
    add.put("method", "scram-sha-256");
    Args added = Args.bind(new PostgresqlPgHba().spec(), add);
    HbaFile file =
        PostgresqlPgHba.edit(
            added,
            PostgresqlPgHba.rules(added),
            before.getBytes(StandardCharsets.UTF_8),
            new ArrayList<>());
    assertThat(file.diff(PATH))
        .isEqualTo(
            Map.of(
                "before", Map.of("file", PATH, "pg_hba", List.of()),
                "after",
                    Map.of(
                        "file",
                        PATH,
                        "pg_hba",
                        List.of("host\tappdb\tapp\t192.168.0.0/24\tscram-sha-256"))));
    Map<String, Object> absent = new LinkedHashMap<>();
    absent.put("dest", PATH);
    absent.put("contype", "host");
    absent.put("users", "all");
    absent.put("source", "10.0.0.0/8");
    absent.put("databases", "all");
    absent.put("state", "absent");
    Args removing = Args.bind(new PostgresqlPgHba().spec(), absent);
    HbaFile removed =
        PostgresqlPgHba.edit(
            removing,
            PostgresqlPgHba.rules(removing),
            before.getBytes(StandardCharsets.UTF_8),
            new ArrayList<>());
    assertThat(removed.diff(PATH))
        .isEqualTo(
            Map.of(
                "before",
                    Map.of("file", PATH, "pg_hba", List.of("host\tall\tall\t10.0.0.0/8\tmd5")),
                "after", Map.of("file", PATH, "pg_hba", List.of())));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> load(String name) throws Exception {
    try (InputStream in = PgHbaGoldenTest.class.getResourceAsStream("/pghba/" + name)) {
      return (List<Map<String, Object>>) new Yaml().load(in);
    }
  }
}
