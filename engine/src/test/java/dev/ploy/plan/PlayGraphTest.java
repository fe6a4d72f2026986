package dev.ploy.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.playbook.PlaybookLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jgrapht.alg.cycle.CycleDetector;
import org.junit.jupiter.api.Test;

class PlayGraphTest {
  private static final ModuleRegistry MODULES =
      new ModuleRegistry(
          List.of(
              new Module() {
                @Override
                public ModuleSpec spec() {
                  return ModuleSpec.builder("command")
                      .arg(Arg.str("cmd", "the command"))
                      .freeForm("cmd")
                      .build();
                }

                @Override
                public Plan plan(Target target, Args args) {
                  return Plan.ok();
                }
              }));

  private PlayGraph graph() throws Exception {
    Path site = Path.of(PlayGraphTest.class.getResource("/plan/site.yml").toURI());
    return PlayGraph.of(new PlaybookLoader(MODULES, List.of()).load(site).plays().get(0));
  }

  private Set<String> edges(PlayGraph graph) {
    return graph.graph().edgeSet().stream()
        .map(e -> e.from().label() + " -> " + e.to().label() + " (" + e.why() + ")")
        .collect(Collectors.toSet());
  }

  @Test
  void tasksBlocksAndHandlersCompileToAnAcyclicGraph() throws Exception {
    PlayGraph graph = graph();
    assertThat(new CycleDetector<>(graph.graph()).detectCycles()).isFalse();
    assertThat(edges(graph))
        .contains(
            "first -> risky (next)",
            "risky -> recover (rescue)",
            "risky -> cleanup (always)",
            "recover -> cleanup (always)",
            "cleanup -> last (next)",
            "risky -> restart (notify)");
  }

  @Test
  void rendersAsDotAndMermaid() throws Exception {
    PlayGraph graph = graph();
    assertThat(graph.toDot()).startsWith("digraph").contains("label=\"risky\"").contains("notify");
    assertThat(graph.toMermaid()).contains("flowchart").contains("risky");
  }
}
