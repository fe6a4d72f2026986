package dev.ploy.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.Become;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Keywords;
import dev.ploy.playbook.Models;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.RoleContext;
import dev.ploy.yaml.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's "Variable precedence", rule by rule: layer N of the list sets p(N) and p(N-1), so
 * p(N-1) shows whether layer N beats layer N-1 in a task's scope.
 */
class PrecedenceTest {
  @TempDir Path dir;

  private Scope scope;
  private HostState host;
  private Variables variables;

  private static Map<String, Object> layer(int n) {
    return Map.of("p" + n, "L" + n, "p" + (n - 1), "L" + n);
  }

  private static Keywords vars(Map<String, Object> vars) {
    return new Keywords(List.of(), Set.of(), vars, Map.of(), new EnumMap<>(Keyword.class));
  }

  private static Keywords settings(Keyword keyword, Object value) {
    EnumMap<Keyword, Object> settings = new EnumMap<>(Keyword.class);
    settings.put(keyword, value);
    return new Keywords(List.of(), Set.of(), Map.of(), Map.of(), settings);
  }

  private static RunOptions options(
      Map<String, Object> extraVars, boolean become, Optional<String> becomeUser) {
    RunOptions.Builder run = RunOptions.builder();
    run.extraVars = extraVars;
    run.become = become;
    run.becomeUser = becomeUser;
    return run.build();
  }

  @BeforeEach
  void everyLayerSetsItsOwnAndTheOneBelow() throws Exception {
    Files.writeString(dir.resolve("hosts"), "[web]\nh1 p5=L5 p4=L5\n\n[web:vars]\np2=L2\np1=L2\n");
    Files.createDirectories(dir.resolve("group_vars"));
    Files.createDirectories(dir.resolve("host_vars"));
    Files.writeString(dir.resolve("group_vars/all.yml"), "p3: L3\np2: L3\n");
    Files.writeString(dir.resolve("group_vars/web.yml"), "p4: L4\np3: L4\n");
    Files.writeString(dir.resolve("host_vars/h1.yml"), "p6: L6\np5: L6\n");
    Inventory inventory = Inventory.load(List.of(dir.resolve("hosts").toString()));
    RoleContext role =
        new RoleContext(
            "r",
            dir,
            Map.of("p1", "L1", "ansible_user", "role-default"),
            layer(10),
            Map.of("role_param", "L15", "p12b", "L15"),
            false,
            null);
    Play play =
        Models.play("p", dir, layer(8), List.of(role), Location.of(dir.resolve("site.yml")));
    host = new HostState(new Host("h1"));
    host.addFacts(layer(7));
    layer(13).forEach(host::includeVariable);
    host.setVariable("p14", "L14");
    host.setVariable("p13", "L14");
    variables =
        new Variables(
            () -> inventory,
            play,
            layer(9),
            options(layer(16), false, Optional.empty()),
            Map.of("h1", host),
            List.of("h1"),
            dir);
    Keywords blockAndTask =
        vars(layer(11)).inherit(vars(Map.of("p12", "L12", "p11", "L12", "p12b", "L12")));
    Frame frame =
        new Frame(Keywords.NONE, null, Map.of(), List.of())
            .enter(blockAndTask, role)
            .withParams(layer(15));
    scope = variables.scope(host, frame, Map.of());
  }

  /** The README's list, lowest first. */
  private static final List<String> README_ORDER =
      """
      role defaults
      group vars in the inventory file
      group_vars/all
      group_vars/GROUP
      host vars in the inventory file
      host_vars/HOST
      facts
      play vars
      play vars_files
      role vars
      block vars
      task vars
      include_vars
      set_fact and register
      include parameters
      extra vars
      """
          .lines()
          .toList();

  static Stream<Arguments> adjacentLayers() {
    return IntStream.range(1, README_ORDER.size())
        .mapToObj(n -> Arguments.of(n, README_ORDER.get(n), README_ORDER.get(n - 1)));
  }

  @ParameterizedTest(name = "{1} beats {2}")
  @MethodSource("adjacentLayers")
  void higherLayerWins(int lower, String higherName, String lowerName) {
    assertThat(scope.raw("p" + lower)).isEqualTo("L" + (lower + 1));
  }

  @Test
  void roleParametersAreIncludeParametersTooAndExtraVarsWinOverAll() {
    // 15 holds both: a role's parameters beat task vars (and set_fact) as an include's do
    assertThat(scope.raw("p12b")).isEqualTo("L15");
    assertThat(scope.raw("p16")).isEqualTo("L16");
  }

  @Test
  void connectionVariablesComeFromTheSameTable() {
    Map<String, Object> connection = variables.hostVarsForConnection(host);
    // include_vars, set_fact and -e, not the parameters
    assertThat(connection)
        .containsEntry("p12", "L13")
        .containsEntry("p14", "L14")
        .containsEntry("p15", "L16")
        .containsEntry("p7", "L8");
    assertThat(connection).doesNotContainKey("ansible_user"); // role defaults are per task
  }

  @Test
  void ansibleUserBeatsRemoteUserWhichBeatsDashU() {
    Map<String, Object> commandLine = Map.of("ansible_user", "cli");
    Map<String, Object> keyword = Map.of("ansible_user", "keyword");
    Map<String, Object> variable = Map.of("ansible_user", "variable");
    assertThat(HostConnections.connectionSettings(variable, keyword, commandLine))
        .containsEntry("ansible_user", "variable");
    assertThat(HostConnections.connectionSettings(Map.of(), keyword, commandLine))
        .containsEntry("ansible_user", "keyword");
    assertThat(HostConnections.connectionSettings(Map.of(), Map.of(), commandLine))
        .containsEntry("ansible_user", "cli");
  }

  private static Optional<Become> become(
      Map<String, Object> variables, Keywords keywords, RunOptions options) throws ExprException {
    return new TaskSettings(new Templar(Scope.of(variables)), keywords, options).become();
  }

  @Test
  void ansibleBecomeUserBeatsBecomeUserWhichBeatsTheCommandLine() throws ExprException {
    RunOptions cli = options(Map.of(), true, Optional.of("cli"));
    Keywords keyword = settings(Keyword.BECOME_USER, "keyword");
    assertThat(become(Map.of("ansible_become_user", "variable"), keyword, cli).orElseThrow().user())
        .isEqualTo("variable");
    assertThat(become(Map.of(), keyword, cli).orElseThrow().user()).isEqualTo("keyword");
    assertThat(become(Map.of(), Keywords.NONE, cli).orElseThrow().user()).isEqualTo("cli");
  }

  @Test
  void ansibleBecomeBeatsBecomeWhichBeatsDashB() throws ExprException {
    RunOptions dashB = options(Map.of(), true, Optional.empty());
    Keywords off = settings(Keyword.BECOME, false);
    // as ansible-playbook 2.14: a play with become: false and ansible_become: true becomes
    assertThat(become(Map.of("ansible_become", true), off, dashB)).isPresent();
    assertThat(become(Map.of("ansible_become", "no"), settings(Keyword.BECOME, true), dashB))
        .isEmpty();
    assertThat(become(Map.of(), off, dashB)).isEmpty();
    assertThat(become(Map.of(), Keywords.NONE, dashB)).isPresent();
  }
}
