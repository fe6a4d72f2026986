package dev.ploy.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Paths expand as Python's os.path.expanduser(os.path.expandvars(path)) does on the target. */
class PathExpansionTest {
  private final List<String> asked = new java.util.ArrayList<>();

  private final PathExpansion.Host host =
      new PathExpansion.Host() {
        @Override
        public Map<String, String> environment() {
          asked.add("env");
          return Map.of("HOME", "/root/", "APP", "/srv/app", "EMPTY", "");
        }

        @Override
        public Optional<String> home(String user) {
          asked.add("home " + user);
          return user.equals("deploy") ? Optional.of("/home/deploy") : Optional.empty();
        }
      };

  private String expand(String path) throws Exception {
    return PathExpansion.expand(path, host);
  }

  @Test
  void tildeIsTheHomeOfTheUserTheModuleRunsAs() throws Exception {
    assertThat(expand("~")).isEqualTo("/root");
    assertThat(expand("~/x/y")).isEqualTo("/root/x/y");
    assertThat(expand("~deploy/.ssh")).isEqualTo("/home/deploy/.ssh");
    assertThat(expand("~nobody-here/x")).isEqualTo("~nobody-here/x");
    assertThat(expand("/srv/~/x")).isEqualTo("/srv/~/x");
  }

  @Test
  void variablesOfTheTargetEnvironmentExpandAndUnknownOnesStay() throws Exception {
    assertThat(expand("$HOME/x")).isEqualTo("/root//x");
    assertThat(expand("${APP}/current")).isEqualTo("/srv/app/current");
    assertThat(expand("$APP$APP")).isEqualTo("/srv/app/srv/app");
    assertThat(expand("/x/$NOPE/${NOPE}")).isEqualTo("/x/$NOPE/${NOPE}");
    assertThat(expand("/x/$EMPTY/y")).isEqualTo("/x//y");
    assertThat(expand("/x/$((1+1))/$(id)/`id`")).isEqualTo("/x/$((1+1))/$(id)/`id`");
    assertThat(expand("/x/${HOME")).isEqualTo("/x/${HOME");
  }

  @Test
  void variablesExpandBeforeTheTilde() throws Exception {
    Map<String, String> env = Map.of("T", "~deploy");
    PathExpansion.Host tilde =
        new PathExpansion.Host() {
          @Override
          public Map<String, String> environment() {
            return env;
          }

          @Override
          public Optional<String> home(String user) {
            return user.equals("deploy") ? Optional.of("/home/deploy") : Optional.empty();
          }
        };
    assertThat(PathExpansion.expand("$T/x", tilde)).isEqualTo("/home/deploy/x");
  }

  @Test
  void plainPathsAskTheHostNothing() throws Exception {
    assertThat(expand("/etc/-rf --help")).isEqualTo("/etc/-rf --help");
    assertThat(asked).isEmpty();
  }

  @Test
  void onlyTargetPathsOfTheSpecExpand() throws Exception {
    ModuleSpec spec =
        ModuleSpec.builder("copy")
            .arg(Arg.path("src", "local").local())
            .arg(Arg.path("dest", "remote"))
            .arg(Arg.str("content", "text"))
            .arg(Arg.list("paths", "remote").elements(ArgType.PATH))
            .build();
    Args args =
        Args.bind(
            spec,
            Map.of("src", "~/a", "dest", "~/b", "content", "~/c", "paths", List.of("~/d", "/e")));
    Args expanded = PathExpansion.expand(args, host);
    assertThat(expanded.str("src")).isEqualTo("~/a");
    assertThat(expanded.str("dest")).isEqualTo("/root/b");
    assertThat(expanded.str("content")).isEqualTo("~/c");
    assertThat(expanded.strings("paths")).containsExactly("/root/d", "/e");
  }
}
