package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lookup() and query() on the control node, with Ansible's search paths. */
class LookupsTest {
  @TempDir Path playbook;
  Path role;
  Templar templar;

  @BeforeEach
  void layout() throws Exception {
    role = Files.createDirectories(playbook.resolve("roles/web"));
    Files.createDirectories(role.resolve("files"));
    Files.createDirectories(playbook.resolve("files"));
    Files.writeString(role.resolve("files/motd"), "from the role\n");
    Files.writeString(playbook.resolve("files/motd"), "from the playbook\n");
    Files.writeString(playbook.resolve("files/only-here.pub"), "ssh-ed25519 AAAA key\n");
    Files.writeString(playbook.resolve("files/other.pub"), "ssh-ed25519 BBBB key\n");
    templar =
        new Templar(
            Scope.of(
                Map.of(
                    "playbook_dir",
                    playbook.toString(),
                    "role_path",
                    role.toString(),
                    "app_port",
                    "{{ 8000 + 1 }}",
                    "which",
                    "app_port")));
  }

  private Object eval(String expression) throws ExprException {
    return templar.evaluate(expression);
  }

  @Test
  void fileSearchesTheRoleThenThePlaybook() throws Exception {
    assertThat(eval("lookup('file', 'motd')")).isEqualTo("from the role");
    assertThat(eval("lookup('ansible.builtin.file', 'only-here.pub')"))
        .isEqualTo("ssh-ed25519 AAAA key");
    Path home = Path.of(System.getProperty("user.home"));
    Path inHome = Files.createTempFile(home, "ploy-lookup-", ".txt");
    try {
      Files.writeString(inHome, "in home\n");
      assertThat(eval("lookup('file', '~/" + inHome.getFileName() + "')")).isEqualTo("in home");
    } finally {
      Files.delete(inHome);
    }
    assertThatThrownBy(() -> eval("lookup('file', 'missing.txt')"))
        .hasMessageContaining(
            "missing.txt not found; looked in " + role.resolve("files/missing.txt"));
  }

  @Test
  void fileStripsTheEndUnlessRstripIsFalseAndTheStartWithLstrip() throws Exception {
    Files.writeString(role.resolve("files/padded"), "  Hello World\n");
    assertThat(eval("lookup('file', 'padded')")).isEqualTo("  Hello World");
    assertThat(eval("q('file', 'padded', lstrip=True)")).isEqualTo(List.of("Hello World"));
    assertThat(eval("lookup('file', 'padded', rstrip=False)")).isEqualTo("  Hello World\n");
  }

  @Test
  void fileglobFirstFoundVarsPipeAndLines() throws Exception {
    assertThat(eval("query('fileglob', '*.pub')"))
        .isEqualTo(
            List.of(
                playbook.resolve("files/only-here.pub").toString(),
                playbook.resolve("files/other.pub").toString()));
    assertThat(eval("lookup('first_found', ['nope.conf', 'motd'])"))
        .isEqualTo(role.resolve("files/motd").toString());
    assertThat(eval("lookup('first_found', files=['a', 'b'], skip=True)")).isEqualTo(List.of());
    assertThat(eval("lookup('vars', which)")).isEqualTo("8001");
    assertThat(eval("lookup('pipe', 'printf \"%s\\\\n\" \"$PWD\"')"))
        .isEqualTo(playbook.toString());
    assertThat(eval("query('lines', 'printf \"a\\\\nb\\\\n\"')")).isEqualTo(List.of("a", "b"));
    assertThatThrownBy(() -> eval("lookup('pipe', 'exit 3')"))
        .hasMessageContaining("exited with 3");
  }

  @Test
  void termsAreTemplatedAgainAsAnsibleTemplatesThemButUnsafeTextIsNot() throws Exception {
    assertThat(eval("lookup('pipe', 'echo {{ app_port }}')")).isEqualTo("8001");
    assertThat(eval("query('vars', '{{ which }}')")).isEqualTo(List.of("8001"));
    Templar withUnsafe = templar.with(Map.of("text", new Unsafe("{{ app_port }}")));
    assertThat(withUnsafe.evaluate("lookup('pipe', 'echo ' + text)")).isEqualTo("{{ app_port }}");
  }

  @Test
  void varnamesListsTheNamesOfVariablesTheRegularExpressionsFind() throws Exception {
    Map<String, Object> facts = new java.util.LinkedHashMap<>();
    facts.put("qz_1", "hello");
    facts.put("qz_2", "world");
    facts.put("qa_1", "not shown");
    facts.put("qz_", "nor this");
    Templar t = templar.with(facts);
    assertThat(t.evaluate("lookup('varnames', '^qz_.+', '^qa.*', wantlist=True)"))
        .isEqualTo(List.of("qz_1", "qz_2", "qa_1"));
    assertThat(t.evaluate("lookup('varnames', '^q.*_\\d')")).isEqualTo("qz_1,qz_2,qa_1");
    assertThat(t.evaluate("query('varnames', '^app_')")).isEqualTo(List.of("app_port"));
    assertThat(t.evaluate("query('varnames', '^nothing')")).isEqualTo(List.of());
    assertThatThrownBy(() -> t.evaluate("lookup('varnames', True)"))
        .hasMessageContaining("Invalid setting identifier");
    assertThatThrownBy(() -> t.evaluate("lookup('varnames', '*')"))
        .hasMessageContaining("Unable to use \"*\" as a search parameter")
        .hasMessageContaining("nothing to repeat");
  }

  @Test
  void passwordIsGeneratedOnceStoredPrivatelyAndReadBack() throws Exception {
    String first =
        (String)
            eval("lookup('password', 'credentials/db/app length=32 chars=ascii_lowercase,digits')");
    assertThat(first).hasSize(32).matches("[a-z0-9]+");
    Path stored = playbook.resolve("credentials/db/app");
    assertThat(Files.readString(stored)).isEqualTo(first + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent())))
        .isEqualTo("rwx------");
    assertThat(eval("lookup('password', 'credentials/db/app length=32')")).isEqualTo(first);

    Files.writeString(playbook.resolve("ansible-made"), "s3cret salt=abcdefgh\n");
    assertThat(eval("lookup('password', 'ansible-made')")).isEqualTo("s3cret");
    assertThat((String) eval("lookup('password', '/dev/null', length=8, chars=['digits'])"))
        .matches("[0-9]{8}");
    assertThat((String) eval("lookup('password', '/dev/null length=40 chars=,,')"))
        .matches(",{40}");
    assertThat(eval("lookup('password', '/dev/null seed=web1')"))
        .isEqualTo(eval("lookup('password', '/dev/null seed=web1')"));
    assertThat((String) eval("lookup('password', '/dev/null encrypt=sha512_crypt')"))
        .startsWith("$6$rounds=656000$");
    assertThatThrownBy(() -> eval("lookup('password', '/dev/null encrypt=bcrypt')"))
        .hasMessageContaining("encrypt=bcrypt is not supported");
    assertThatThrownBy(() -> eval("lookup('password', '/dev/null lenght=3')"))
        .hasMessageContaining("unknown option 'lenght'");
  }

  @Test
  void passwordWithEncryptStoresASaltAndGivesTheHash() throws Exception {
    String hashed = (String) eval("lookup('password', 'salted encrypt=sha256_crypt')");
    String[] stored = Files.readString(playbook.resolve("salted")).strip().split(" salt=");
    assertThat(stored).hasSize(2);
    assertThat(hashed).isEqualTo(ShaCrypt.hash(stored[0], stored[1], 535_000, 256));
    assertThat(eval("lookup('password', 'salted')")).isEqualTo(stored[0]);
    assertThat(eval("lookup('password', 'salted encrypt=')")).isEqualTo(stored[0]);
    // a password stored without a salt gets one, as Ansible adds it
    Files.writeString(playbook.resolve("plain"), "s3cret\n");
    String again = (String) eval("lookup('password', 'plain encrypt=sha512_crypt')");
    assertThat(Files.readString(playbook.resolve("plain"))).startsWith("s3cret salt=");
    assertThat(eval("lookup('password', 'plain encrypt=sha512_crypt')")).isEqualTo(again);
  }

  @Test
  void hostsAskingAtOnceGetTheSamePassword() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> eval("lookup('password', 'credentials/shared')")));
      }
      Set<Object> distinct = new HashSet<>();
      for (Future<Object> answer : answers) {
        distinct.add(answer.get());
      }
      assertThat(distinct).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listLookupsGiveTheirItemsAsAnsibleDoes() throws Exception {
    assertThat(eval("query('items', [1, 2], 3)")).isEqualTo(List.of(1, 2, 3));
    assertThat(eval("query('indexed_items', ['a', 'b'])"))
        .isEqualTo(List.of(List.of(0L, "a"), List.of(1L, "b")));
    assertThat(eval("query('list', [1, 2], 3)")).isEqualTo(List.of(List.of(1, 2), 3));
    assertThat(eval("query('dict', {'a': 1})")).isEqualTo(List.of(Map.of("key", "a", "value", 1)));
    assertThat(eval("query('together', [1, 2], ['a'])"))
        .isEqualTo(List.of(List.of(1, "a"), java.util.Arrays.asList(2, null)));
    assertThat(eval("query('nested', ['a', 'b'], [1, 2])"))
        .isEqualTo(List.of(List.of("a", 1), List.of("a", 2), List.of("b", 1), List.of("b", 2)));
    assertThat(eval("query('sequence', 'start=1 end=3 format=x%02d', '5-6')"))
        .isEqualTo(List.of("x01", "x02", "x03", "5", "6"));
    assertThat(eval("query('sequence', 'count=2 start=4')")).isEqualTo(List.of("4", "5"));
    assertThat(eval("lookup('random_choice', 'a', 'a')")).isEqualTo("a");
  }

  @Test
  void subelementsPairsEachItemWithoutItsListWithEachElement() throws Exception {
    Object users = eval("[{'name': 'a', 'keys': [1, 2]}, {'name': 'b', 'keys': []}]");
    Templar t = templar.with(Map.of("users", users));
    assertThat(t.evaluate("query('subelements', users, 'keys')"))
        .isEqualTo(List.of(List.of(Map.of("name", "a"), 1), List.of(Map.of("name", "a"), 2)));
    assertThatThrownBy(() -> t.evaluate("query('subelements', users, 'nokey')"))
        .hasMessageContaining("could not find 'nokey' key");
    assertThat(t.evaluate("query('subelements', users, 'nokey', {'skip_missing': true})"))
        .isEqualTo(List.of());
    // Ansible reads skip_missing with boolean(): y is true
    assertThat(t.evaluate("query('subelements', users, 'nokey', {'skip_missing': 'y'})"))
        .isEqualTo(List.of());
  }

  @Test
  void inventoryHostnamesFollowsPatternsInInventoryOrder() throws Exception {
    Templar t =
        templar.with(
            Map.of(
                "groups",
                Map.of(
                    "all", List.of("a", "b", "c"), "web", List.of("c", "a"), "db", List.of("b"))));
    assertThat(t.evaluate("query('inventory_hostnames', 'all:!db')")).isEqualTo(List.of("a", "c"));
    assertThat(t.evaluate("query('inventory_hostnames', 'web:&all')")).isEqualTo(List.of("a", "c"));
    assertThat(t.evaluate("query('inventory_hostnames', 'd*,b')")).isEqualTo(List.of("b"));
  }

  @Test
  void configKnowsAnsibleDefaultsAndOnMissing() throws Exception {
    assertThat(eval("lookup('config', 'DEFAULT_BECOME_USER')")).isEqualTo("root");
    assertThat(eval("query('config', 'NOPE', on_missing='skip')")).isEqualTo(List.of());
    assertThatThrownBy(() -> eval("lookup('config', 'NOPE')"))
        .hasMessageContaining("Unable to find setting NOPE");
    assertThatThrownBy(() -> eval("lookup('config', 'NOPE', on_missing='boo')"))
        .hasMessageContaining("Invalid value \"boo\"")
        .hasMessageContaining("valid values are: error, skip, warn");
    // Ansible's words for a term that is no name, and for a name of ansible.constants that is a
    // function or class rather than a setting (lookup_config target)
    assertThatThrownBy(() -> eval("lookup('config', 1337)"))
        .hasMessageContaining(
            "Invalid setting identifier, \"1337\" is not a string, its a <class 'int'>");
    assertThatThrownBy(() -> eval("lookup('config', 'ConfigManager')"))
        .hasMessageContaining("Invalid setting \"ConfigManager\" attempted");
  }

  @Test
  void configReadsAPluginsSettingFromTheHostsVariablesAsAnsible() throws Exception {
    Templar host =
        new Templar(
            Scope.of(
                Map.of("ansible_user", "u1", "ansible_ssh_user", "lola", "ansible_port", "2022")));
    // the last variable of a setting that is set wins; port is an integer setting
    assertThat(
            host.evaluate(
                "q('config', 'remote_user', 'port', plugin_type='connection', plugin_name='ssh')"))
        .isEqualTo(List.of("lola", 2022L));
    assertThat(host.evaluate("q('config', 'remote_tmp', plugin_type='shell', plugin_name='sh')"))
        .isEqualTo(List.of("~/.ansible/tmp"));
    assertThatThrownBy(() -> host.evaluate("q('config', 'remote_tmp', plugin_type='shell')"))
        .hasMessageContaining("Both plugin_type and plugin_name are required");
    assertThatThrownBy(
            () -> host.evaluate("q('config', 'nope', plugin_type='shell', plugin_name='sh')"))
        .hasMessageContaining("Unable to find setting nope");
  }

  @Test
  void aRelativeFileIsAlsoSearchedInTheRolesTasks() throws Exception {
    Files.createDirectories(role.resolve("tasks"));
    Files.writeString(role.resolve("tasks/debian.yml"), "[]\n");
    assertThat(eval("lookup('first_found', ['redhat.yml', 'debian.yml'])"))
        .isEqualTo(role.resolve("tasks/debian.yml").toString());
  }

  @Test
  void firstFoundSplitsFilesAndPathsAsAnsibleDoesAndKeepsSpacesInNames() throws Exception {
    Files.createDirectories(role.resolve("files"));
    Files.writeString(role.resolve("files/with space.yml"), "{}\n");
    // files split on ',' and ';', paths also on ':' (ansible's "legacy formats")
    assertThat(
            eval("q('first_found', {'files': 'not/a/file.yaml;hostname', 'paths': 'not/a:/etc'})"))
        .isEqualTo(List.of("/etc/hostname"));
    assertThat(eval("lookup('first_found', {'files': ['nope.yml', 'with space.yml']})"))
        .isEqualTo(role.resolve("files/with space.yml").toString());
  }

  @Test
  void varsFailsWithAnsiblesMessagesAndTakesADefault() throws Exception {
    assertThatThrownBy(() -> eval("lookup('vars', 'doesnotexist')"))
        .hasMessageContaining("No variable found with this name: doesnotexist");
    assertThatThrownBy(() -> eval("lookup('vars', 42)"))
        .hasMessageContaining("Invalid setting identifier, \"42\" is not a string");
    assertThat(eval("lookup('vars', 'doesnotexist', default='some text')")).isEqualTo("some text");
  }

  @Test
  void withLoopsRunTheLookupOverTheirTerms() throws Exception {
    assertThat(LoopLookups.items("nested", List.of(List.of(1L), List.of(2L, 3L)), templar))
        .isEqualTo(List.of(List.of(1L, 2L), List.of(1L, 3L)));
    assertThat(LoopLookups.items("items", "one", templar)).isEqualTo(List.of("one"));
    assertThat(LoopLookups.has("first_found") && LoopLookups.has("subelements")).isTrue();
  }

  @Test
  void withFirstFoundLooksWhereTheTasksActionSays() throws Exception {
    // geerlingguy.ntp: include_vars with_first_found of Debian-12.yml, Debian.yml in the role's
    // vars/
    Files.createDirectories(role.resolve("vars"));
    Files.createDirectories(role.resolve("templates"));
    Files.writeString(role.resolve("vars/Debian.yml"), "{}\n");
    Files.writeString(role.resolve("templates/Debian.yml"), "{}\n");
    Files.writeString(role.resolve("files/Debian.yml"), "{}\n");
    List<Object> names = List.of("Debian-12.yml", "Debian.yml");
    assertThat(LoopLookups.items("first_found", names, templar, "include_vars"))
        .isEqualTo(List.of(role.resolve("vars/Debian.yml").toString()));
    assertThat(LoopLookups.items("first_found", names, templar, "ansible.builtin.template"))
        .isEqualTo(List.of(role.resolve("templates/Debian.yml").toString()));
    assertThat(LoopLookups.items("first_found", names, templar, "copy"))
        .isEqualTo(List.of(role.resolve("files/Debian.yml").toString()));
    // lookup() in an expression looks in files/ whatever the task
    assertThat(eval("lookup('first_found', ['Debian.yml'])"))
        .isEqualTo(role.resolve("files/Debian.yml").toString());
  }

  @Test
  void lookupJoinsOnlyTextAndGivesAnEmptyListForNothing() throws Exception {
    assertThat(eval("lookup('dict', {'a': 1, 'b': 2})"))
        .isEqualTo(List.of(Map.of("key", "a", "value", 1), Map.of("key", "b", "value", 2)));
    assertThat(eval("lookup('items', ['a', 'b'])")).isEqualTo("a,b");
    assertThat(eval("lookup('items', [])")).isEqualTo(List.of());
    assertThat(eval("query('first_found', {'files': ['nope'], 'skip': True})"))
        .isEqualTo(List.of());
  }

  @Test
  void loopLookupsFailWithAnsiblesOwnMessages() throws Exception {
    assertThatThrownBy(() -> LoopLookups.items("sequence", "start=0 junk=3", templar))
        .hasMessage("unrecognized arguments to with_sequence: ['junk']");
    assertThatThrownBy(() -> LoopLookups.items("sequence", "start=1 end=4 format=d", templar))
        .hasMessage("bad formatting string: d");
    // the shortcut takes hex-looking words, which then fail as Python's int(x, 0) does
    assertThatThrownBy(() -> LoopLookups.items("sequence", "A-4/2", templar))
        .hasMessage("can't parse start=A as integer");
    assertThatThrownBy(() -> LoopLookups.items("sequence", "1-B/2", templar))
        .hasMessage("can't parse end=B as integer");
    assertThatThrownBy(() -> LoopLookups.items("sequence", "1-4/C", templar))
        .hasMessage("can't parse stride=C as integer");
    assertThatThrownBy(() -> LoopLookups.items("sequence", "start=010 end=12", templar))
        .hasMessage("can't parse start=010 as integer");
    assertThat(eval("query('sequence', '0x0a-0xc', 'start=0b10 end=0o3')"))
        .isEqualTo(List.of("10", "11", "12", "2", "3"));
    assertThatThrownBy(() -> LoopLookups.items("indexed_items", Map.of("a", 1), templar))
        .hasMessage("with_indexed_items expects a list");
    assertThatThrownBy(() -> LoopLookups.items("list", Map.of("key", "value"), templar))
        .hasMessage("with_list expects a list");
    assertThatThrownBy(() -> eval("lookup('subelements', 9001, 'groups')"))
        .hasMessageContaining("subelements lookup expects a dictionary, got '9001'");
  }

  @Test
  void errorsIgnoreGivesNoResultInsteadOfFailing() throws Exception {
    // None, as Ansible's lookup gives (which its templating then renders as '')
    assertThat(eval("lookup('first_found', 'nope.yml', errors='ignore') is none")).isEqualTo(true);
    assertThat(eval("query('first_found', 'nope.yml', errors='ignore')")).isEqualTo(List.of());
  }

  @Test
  void templateRendersJinjaFromTheRolesTemplatesWithIncludes() throws Exception {
    Files.createDirectories(role.resolve("templates"));
    Files.writeString(
        role.resolve("templates/conf.j2"),
        "{% for i in range(2) %}\nport={{ app_port | int + i }}\n{% endfor %}{% include 'tail.j2' %}\n");
    Files.writeString(role.resolve("templates/tail.j2"), "# {{ ansible_managed }}\n");
    assertThat(eval("lookup('template', 'conf.j2')"))
        .isEqualTo("port=8001\nport=8002\n# Ansible managed\n");
  }

  @Test
  void templateTakesOtherVariableAndCommentDelimiters() throws Exception {
    Files.createDirectories(playbook.resolve("templates"));
    Files.writeString(
        playbook.resolve("templates/strings.j2"), "[# note #]port=[% app_port %] {{ kept }}\n");
    assertThat(
            eval(
                "lookup('template', 'strings.j2', variable_start_string='[%',"
                    + " variable_end_string='%]', comment_start_string='[#',"
                    + " comment_end_string='#]')"))
        .isEqualTo("port=8001 {{ kept }}\n");
  }

  @Test
  void templateGivesTextThatReadsAsADictAsADictUnlessConvertDataIsFalse() throws Exception {
    Files.createDirectories(playbook.resolve("templates"));
    Files.writeString(playbook.resolve("templates/dict.j2"), "{\"foo\": \"{{ 'bar' }}\"}\n");
    assertThat(eval("lookup('template', 'dict.j2')")).isEqualTo(Map.of("foo", "bar"));
    assertThat(eval("lookup('template', 'dict.j2', convert_data=False)"))
        .isEqualTo("{\"foo\": \"bar\"}\n");
  }

  @Test
  void unconvertedTemplateTextStaysTextThroughVariables() throws Exception {
    // ansible-core's template target (main.yml ~796): NativeJinjaText is never read back as a value
    Files.createDirectories(playbook.resolve("templates"));
    Files.writeString(playbook.resolve("templates/dict.j2"), "{\"foo\": \"{{ 'bar' }}\"}\n");
    Templar vars =
        templar.with(
            Map.of(
                "not_converted",
                "{{ lookup('template', 'dict.j2', convert_data=False) }}",
                "again",
                "{{ not_converted }}",
                "converted",
                "{{ lookup('template', 'dict.j2') }}"));
    assertThat(vars.evaluate("again")).isEqualTo("{\"foo\": \"bar\"}\n");
    assertThat(vars.template("{{ again }}")).isEqualTo("{\"foo\": \"bar\"}\n");
    assertThat(vars.evaluate("not_converted | type_debug")).isEqualTo("NativeJinjaUnsafeText");
    assertThat(vars.evaluate("again | type_debug")).isEqualTo("NativeJinjaUnsafeText");
    assertThat(vars.evaluate("converted | type_debug")).isEqualTo("dict");
  }

  @Test
  void templateNamesTheTemplateAndLineOfAnUndefinedVariable() throws Exception {
    Files.createDirectories(playbook.resolve("templates"));
    Files.writeString(playbook.resolve("templates/bad.j2"), "ok\n{{ nope }}\n");
    assertThatThrownBy(() -> eval("lookup('template', 'bad.j2')"))
        .hasMessageContaining("bad.j2:2: 'nope' is undefined");
  }
}
