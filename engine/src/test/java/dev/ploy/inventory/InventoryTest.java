package dev.ploy.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
  private static final Path FIXTURES = Path.of("src/test/resources/inventory");

  @TempDir Path tmp;

  private static Inventory load(String... relative) throws InventoryException {
    return Inventory.load(
        java.util.Arrays.stream(relative).map(r -> FIXTURES.resolve(r).toString()).toList());
  }

  private static List<String> names(List<Host> hosts) {
    return hosts.stream().map(Host::name).toList();
  }

  private Inventory inline(String fileName, String text) throws Exception {
    Path file = tmp.resolve(fileName);
    Files.writeString(file, text);
    return Inventory.load(List.of(file.toString()));
  }

  @Test
  void iniReadsHostsRangesAndGroups() throws Exception {
    Inventory inv = load("ini/hosts");
    assertThat(names(inv.hosts()))
        .containsExactly(
            "lonely",
            "web01.example.com",
            "web02.example.com",
            "web03.example.com",
            "web-extra",
            "db-a",
            "db-b",
            "db-c",
            "node1",
            "node4",
            "node7");
    Map<String, List<String>> groups = inv.groups();
    assertThat(groups.keySet()).containsExactly("all", "ungrouped", "web", "db", "odd", "prod");
    assertThat(groups.get("ungrouped")).containsExactly("lonely");
    assertThat(groups.get("prod"))
        .containsExactly(
            "web01.example.com",
            "web02.example.com",
            "web03.example.com",
            "web-extra",
            "db-a",
            "db-b",
            "db-c");
    assertThat(inv.groupNames(new Host("web-extra"))).containsExactly("prod", "web");
    assertThat(inv.groupNames(new Host("lonely"))).containsExactly("ungrouped");
  }

  @Test
  void iniValuesAreParsedLikeAnsible() throws Exception {
    Inventory inv = load("ini/hosts");
    Map<String, Object> extra = inv.varsOf(new Host("web-extra"));
    assertThat(extra)
        .containsEntry("ansible_port", 2222)
        .containsEntry("ansible_host", "10.0.0.1")
        .containsEntry("foo", "a b")
        .containsEntry("flag", true)
        .containsEntry("word", "true")
        .containsEntry("ver", "1.0.0")
        .containsEntry("quoted", 42)
        .containsEntry("env", "web")
        .containsEntry("tier", "front")
        .containsEntry("count", 3)
        .containsEntry("ratio", 1.5)
        .containsEntry("list", List.of("a", "b"))
        .containsEntry("on", "yes");
    assertThat(inv.varsOf(new Host("web01.example.com"))).containsEntry("http_port", 8080);
    assertThat(inv.varsOf(new Host("db-a"))).containsEntry("env", "prod");
  }

  @Test
  void yamlGivesTheSameInventoryAsIni() throws Exception {
    Inventory ini = load("ini/hosts");
    Inventory yaml = load("yaml/hosts.yml");
    assertThat(names(yaml.hosts())).isEqualTo(names(ini.hosts()));
    assertThat(yaml.groups()).isEqualTo(ini.groups());
    for (Host host : ini.hosts()) {
      assertThat(yaml.varsOf(host)).as(host.name()).isEqualTo(ini.varsOf(host));
      assertThat(yaml.groupNames(host)).isEqualTo(ini.groupNames(host));
    }
    assertThat(yaml.warnings()).isEmpty();
  }

  @Test
  void yamlWithoutExtensionIsRecognised() throws Exception {
    Inventory inv = inline("hosts", "all:\n  hosts:\n    a:\n    b:\n      x: 1\n");
    assertThat(names(inv.hosts())).containsExactly("a", "b");
    assertThat(inv.varsOf(new Host("b"))).containsEntry("x", 1);
  }

  @Test
  void rangesKeepPaddingAndSupportLettersAndSteps() throws Exception {
    assertThat(HostRanges.expand("web[08:10].x", null))
        .containsExactly("web08.x", "web09.x", "web10.x");
    assertThat(HostRanges.expand("db-[a:c]", null)).containsExactly("db-a", "db-b", "db-c");
    assertThat(HostRanges.expand("n[1:10:2]", null)).containsExactly("n1", "n3", "n5", "n7", "n9");
    assertThat(HostRanges.expand("r[1:2]-[a:b]", null))
        .containsExactly("r1-a", "r1-b", "r2-a", "r2-b");
    assertThatThrownBy(() -> HostRanges.expand("w[01:100]", null))
        .hasMessageContaining("same number of digits");
  }

  @Test
  void patterns() throws Exception {
    Inventory inv = load("ini/hosts");
    assertThat(inv.select("all")).hasSize(11);
    assertThat(inv.select("*")).hasSize(11);
    assertThat(names(inv.select("db"))).containsExactly("db-a", "db-b", "db-c");
    assertThat(names(inv.select("db:odd")))
        .containsExactly("db-a", "db-b", "db-c", "node1", "node4", "node7");
    assertThat(names(inv.select("db,lonely"))).containsExactly("db-a", "db-b", "db-c", "lonely");
    assertThat(names(inv.select("prod:&web:!web-extra")))
        .containsExactly("web01.example.com", "web02.example.com", "web03.example.com");
    assertThat(names(inv.select("prod:!web"))).containsExactly("db-a", "db-b", "db-c");
    assertThat(names(inv.select("!prod"))).containsExactly("lonely", "node1", "node4", "node7");
    assertThat(names(inv.select("*.example.com"))).hasSize(3);
    assertThat(names(inv.select("web0*"))).hasSize(3);
    assertThat(names(inv.select("od*"))).containsExactly("node1", "node4", "node7");
    assertThat(names(inv.select("~db-[ab]"))).containsExactly("db-a", "db-b");
    assertThat(names(inv.select("~node"))).containsExactly("node1", "node4", "node7");
    assertThat(names(inv.select("db[0]"))).containsExactly("db-a");
    assertThat(names(inv.select("db[-1]"))).containsExactly("db-c");
    assertThat(names(inv.select("db[1:2]"))).containsExactly("db-b", "db-c");
    assertThat(names(inv.select("db[1:]"))).containsExactly("db-b", "db-c");
    assertThat(names(inv.select("db[7]"))).isEmpty();
    assertThat(names(inv.select("web-extra:db-a:web-extra"))).containsExactly("web-extra", "db-a");
    assertThat(inv.select("nosuchthing")).isEmpty();
    assertThat(inv.select("nosuchthing:db")).hasSize(3);
  }

  @Test
  void limitKeepsOrderAndReadsFiles() throws Exception {
    Inventory inv = load("ini/hosts");
    List<Host> all = inv.select("all");
    assertThat(names(inv.limit(all, "db:lonely")))
        .containsExactly("lonely", "db-a", "db-b", "db-c");
    assertThat(names(inv.limit(all, "!prod:!odd"))).containsExactly("lonely");
    Path retry = tmp.resolve("site.retry");
    Files.writeString(retry, "db-b\n\nnode4\n");
    assertThat(names(inv.limit(all, "@" + retry))).containsExactly("db-b", "node4");
    assertThatThrownBy(() -> inv.limit(all, "@" + tmp.resolve("missing")))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void implicitLocalhost() throws Exception {
    Inventory inv = load("ini/hosts");
    assertThat(inv.host("localhost")).contains(new Host("localhost"));
    assertThat(inv.host("nosuch")).isEmpty();
    assertThat(names(inv.select("localhost"))).containsExactly("localhost");
    assertThat(names(inv.select("127.0.0.1"))).containsExactly("127.0.0.1");
    assertThat(names(inv.select("all"))).doesNotContain("localhost");
    assertThat(names(inv.select("local*"))).isEmpty();
    assertThat(inv.varsOf(new Host("localhost"))).containsEntry("ansible_connection", "local");
    assertThat(inv.groupNames(new Host("localhost"))).isEmpty();
    assertThat(inv.groups().get("all")).doesNotContain("localhost");

    Inventory empty = Inventory.load(List.of());
    assertThat(empty.select("all")).isEmpty();
    assertThat(empty.hosts()).isEmpty();
    assertThat(names(empty.select("localhost"))).containsExactly("localhost");
  }

  @Test
  void explicitLocalhostIsAnOrdinaryHost() throws Exception {
    Inventory inv = inline("hosts", "localhost ansible_connection=local x=1\nweb1\n");
    assertThat(names(inv.select("all"))).containsExactly("localhost", "web1");
    assertThat(inv.host("127.0.0.1")).contains(new Host("localhost"));
    assertThat(inv.varsOf(new Host("localhost"))).containsEntry("x", 1);
  }

  @Test
  void hostListSource() throws Exception {
    Inventory inv = Inventory.load(List.of("h1,h2:2200,"));
    assertThat(names(inv.hosts())).containsExactly("h1", "h2");
    assertThat(inv.varsOf(new Host("h2"))).containsEntry("ansible_port", 2200);
    assertThat(inv.groups().get("ungrouped")).containsExactly("h1", "h2");
  }

  @Test
  void varsPrecedenceMatchesAnsible() throws Exception {
    Inventory inv = load("precedence/hosts");
    Host web1 = new Host("web1");
    Map<String, Object> vars = inv.varsOf(web1);
    assertThat(vars)
        .containsEntry("a", "prod_inline")
        .containsEntry("b", "group_vars_all")
        .containsEntry("c", "group_vars_web")
        .containsEntry("d", "host_inline")
        .containsEntry("e", "host_vars")
        .containsEntry("f", "inventory_group_vars_web")
        .containsEntry("g", "inventory_group_vars_prod")
        .containsEntry("from_second_file", 1)
        .containsEntry("who", "beta");

    Inventory withPlaybook = inv.withPlaybookVars(FIXTURES.resolve("playbook"));
    assertThat(withPlaybook.varsOf(web1))
        .containsEntry("e", "playbook_host_vars")
        .containsEntry("f", "playbook_group_vars_web")
        .containsEntry("g", "inventory_group_vars_prod");
    assertThat(inv.varsOf(new Host("localhost")))
        .containsEntry("local_only", "here")
        .containsEntry("a", "all_inline")
        .containsEntry("b", "group_vars_all");
    assertThat(inv.groupNames(web1)).containsExactly("alpha", "beta", "prod", "web");
  }

  @Test
  void groupPriorityOverridesAlphabeticalOrder() throws Exception {
    Inventory inv =
        inline(
            "hosts",
            "[alpha]\nh1\n[beta]\nh1\n[alpha:vars]\nwho=alpha\nansible_group_priority=10\n"
                + "[beta:vars]\nwho=beta\n");
    assertThat(inv.varsOf(new Host("h1"))).containsEntry("who", "alpha");
  }

  @Test
  void directoryInventory() throws Exception {
    Inventory inv = load("dir");
    assertThat(names(inv.hosts())).containsExactly("web1", "web2", "db1", "web3", "cache1");
    assertThat(inv.groups().get("web")).containsExactly("web1", "web2", "web3");
    assertThat(inv.varsOf(new Host("web3"))).containsEntry("role", "webserver");
    assertThat(inv.varsOf(new Host("db1"))).doesNotContainKey("role");
  }

  @Test
  void errorsNameFileLineAndFix() {
    assertThatThrownBy(() -> load("errors/bad-line.ini"))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("bad-line.ini:3")
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> load("errors/bad-section.ini"))
        .hasMessageContaining("bad-section.ini:4")
        .hasMessageContaining("unknown type 'host'");
    assertThatThrownBy(() -> load("errors/bad.yml"))
        .hasMessageContaining("bad.yml:4")
        .hasMessageContaining("indentation");
    assertThatThrownBy(() -> load("errors/undefined-child.ini"))
        .hasMessageContaining("undefined-child.ini:5")
        .hasMessageContaining("'missing'");
    assertThatThrownBy(() -> Inventory.load(List.of("no/such/file")))
        .hasMessageContaining("not found");
  }

  @Test
  void childGroupsMayBeDeclaredLater() throws Exception {
    Inventory inv = inline("hosts", "[prod:children]\nweb\n[prod:vars]\nx=1\n[web]\nw1\n");
    assertThat(inv.groupNames(new Host("w1"))).containsExactly("prod", "web");
    assertThat(inv.varsOf(new Host("w1"))).containsEntry("x", 1);
  }

  @Test
  void loopsInChildrenAreRejected() {
    assertThatThrownBy(() -> inline("hosts", "[a:children]\nb\n[b:children]\na\n[a]\nh\n[b]\n"))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void iniValueRules() {
    assertThat(IniValues.parse("42")).isEqualTo(42);
    assertThat(IniValues.parse("-3")).isEqualTo(-3);
    assertThat(IniValues.parse("0644")).isEqualTo("0644");
    assertThat(IniValues.parse("True")).isEqualTo(true);
    assertThat(IniValues.parse("true")).isEqualTo("true");
    assertThat(IniValues.parse("None")).isNull();
    assertThat(IniValues.parse("\"22\"")).isEqualTo("22");
    assertThat(IniValues.parse("10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(IniValues.parse("{'a': 1}")).isEqualTo(Map.of("a", 1));
    assertThat(IniValues.parse("5 # five")).isEqualTo(5);
    assertThat(IniValues.parse("a b")).isEqualTo("a b");
    assertThat(IniValues.parse("")).isEqualTo("");
  }

  @Test
  void shellSplitOfHostLines() throws Exception {
    assertThat(IniParser.shellSplit("h a=\"x y\" b='q' c=d\\ e # comment", null))
        .containsExactly("h", "a=x y", "b=q", "c=d e");
    assertThatThrownBy(() -> IniParser.shellSplit("h a=\"x", null)).hasMessageContaining("quot");
  }

  @Test
  void unexpectedYamlKeysAreWarnings() throws Exception {
    Inventory inv = inline("inv.yml", "all:\n  host:\n    web1:\n  hosts:\n    web2:\n");
    assertThat(names(inv.hosts())).containsExactly("web2");
    assertThat(inv.warnings()).anyMatch(w -> w.contains("inv.yml:2") && w.contains("'host'"));
  }

  @Test
  void yamlStructureErrors() {
    assertThatThrownBy(() -> inline("inv.yml", "all:\n  hosts:\n    - web1\n"))
        .hasMessageContaining("inv.yml:2")
        .hasMessageContaining("mapping");
  }

  @Test
  void addedHostsAndGroupsLeaveTheOriginalInventoryAlone() throws Exception {
    Inventory before = inline("hosts", "web1\n[db]\ndb1\n");
    Inventory.Update added = before.withHost("new1", List.of("fresh"), Map.of("a", 1));
    assertThat(added.changed()).isTrue();
    Inventory after = added.inventory();
    assertThat(after.groups().get("fresh")).containsExactly("new1");
    assertThat(after.groupNames(new Host("new1"))).containsExactly("fresh");
    assertThat(after.varsOf(new Host("new1"))).containsEntry("a", 1);
    assertThat(before.host("new1")).isEmpty();
    assertThat(before.groups()).doesNotContainKey("fresh");
    assertThat(after.withHost("new1", List.of("fresh"), Map.of("a", 1)).changed()).isFalse();
    assertThat(after.withHost("new1", List.of(), Map.of("a", 2)).changed()).isTrue();

    Inventory grouped = after.withGroup("web1", "os-debian", List.of("linux")).inventory();
    assertThat(grouped.groupNames(new Host("web1"))).containsExactly("linux", "os-debian");
    assertThat(grouped.groups().get("ungrouped")).doesNotContain("web1");
    assertThat(grouped.withGroup("web1", "os-debian", List.of("linux")).changed()).isFalse();
    assertThatThrownBy(() -> grouped.withGroup("web1", "linux", List.of("os-debian")))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("loop");
  }

  @Test
  void addHostAddressesSplitTheirPort() {
    assertThat(Inventory.parseAddress("127.0.1.1:2222"))
        .isEqualTo(new Inventory.Address("127.0.1.1", 2222));
    assertThat(Inventory.parseAddress("[::1]:22")).isEqualTo(new Inventory.Address("::1", 22));
    assertThat(Inventory.parseAddress("web:x")).isEqualTo(new Inventory.Address("web:x", null));
  }
}
