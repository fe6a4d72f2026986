package dev.ploy.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTest {
  /**
   * The output of Local.FACT's command on a testbed host (as root with sudo) whose
   * /etc/ansible/facts.d held JSON, INI, executable, failing, empty, bad and non-UTF-8 facts,
   * against ansible_local as ansible-core 2.14's setup module gave it on that host, and its
   * warnings as ansible printed them.
   */
  @Test
  void localFactsAreAnsiblesFromTheRecordedOutputOfATestbedHost() throws Exception {
    ObjectMapper json =
        new ObjectMapper(
            JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());
    Map<?, ?> golden =
        json.convertValue(
            json.readTree(getClass().getResource("/facts/ansible-2.14-setup-bookworm-probe.json"))
                .get("ansible_local"),
            Map.class);
    Local local = Local.parse("/etc/ansible/facts.d", lines("/facts/local-bookworm-probe.txt"));
    assertThat(local.failed()).isFalse();
    assertThat(local.facts()).isEqualTo(golden);
    assertThat(new ArrayList<>(local.facts().keySet())).isEqualTo(new ArrayList<>(golden.keySet()));
    String dir = "/etc/ansible/facts.d/";
    assertThat(local.warnings())
        .containsExactly(
            "Failure executing fact script (" + dir + "d_fail.fact), rc: 3, err: oops\n",
            "error loading facts as JSON or ini - please check content: " + dir + "e_bad.fact",
            "error loading facts as JSON or ini - please check content: " + dir + "i_latin.fact",
            "error loading facts as JSON or ini - please check content: " + dir + "k_dup.fact",
            "error loading facts as JSON or ini - please check content: " + dir + "l_noval.fact",
            "error loading facts as JSON or ini - please check content: " + dir + "m_execbad.fact");
  }

  /** Ansible's collector fails on a bad interpolation: no ansible_local at all. */
  @Test
  void anIniValueNamingAMissingOptionLeavesNoLocalFacts() {
    Local local =
        Local.parse(
            "/etc/ansible/facts.d",
            List.of("@file a.fact", "|{\"a\": 1}", "@file j.fact", "|[s]", "|k = %(missing)s"));
    assertThat(local.failed()).isTrue();
    assertThat(local.facts()).isEmpty();
  }

  @Test
  void filesAreTakenInTheOrderOfTheirPathsAndAnExecutableDirectoryIsAnError() {
    Local local =
        Local.parse(
            "/f",
            List.of(
                "@file b.fact",
                "|[s]",
                "|k: v",
                "@file a.fact",
                "@exec",
                "|null",
                "@rc 0",
                "@file c.fact",
                "@exec",
                "@cannot-run",
                "@file gone.fact",
                "@missing"));
    assertThat(new ArrayList<>(local.facts().keySet())).containsExactly("a", "b", "c", "gone");
    assertThat(local.facts().get("a")).isNull();
    assertThat(local.facts().get("b")).isEqualTo(Map.of("s", Map.of("k", "v")));
    assertThat(local.warnings())
        .containsExactly(
            "Could not execute fact script (/f/c.fact): [Errno 13] Permission denied",
            "Could not stat fact (/f/gone.fact): [Errno 2] No such file or directory:"
                + " '/f/gone.fact'");
  }

  @Test
  void iniIsReadAsPythonsConfigParserReadsIt() throws Exception {
    assertThat(
            Ini.parse(
                String.join(
                    "\n",
                    "[DEFAULT]",
                    "shared = yes",
                    "[Web]",
                    "Port = 8080",
                    "name: nginx",
                    "  # a comment inside",
                    "url = http://%(name)s:%(PORT)s/",
                    "multi = one",
                    "  two",
                    "",
                    "   three",
                    "pct = 100%%",
                    "inline = v ; kept",
                    "[a] b",
                    "x=")))
        .isEqualTo(
            Map.of(
                "Web",
                Map.of(
                    "port", "8080",
                    "name", "nginx",
                    "url", "http://nginx:8080/",
                    "multi", "one\ntwo\n\nthree",
                    "pct", "100%",
                    "inline", "v ; kept",
                    "shared", "yes"),
                "a",
                Map.of("x", "", "shared", "yes")));
    assertThat(Ini.parse("")).isEmpty();
    for (String bad :
        List.of("k = v", "[s]\nk = 1\n[s]\nk = 2", "[s]\nk = 1\nK = 2", "[s]\nno value")) {
      assertThatThrownBy(() -> Ini.parse(bad)).as(bad).isInstanceOf(Ini.SyntaxException.class);
    }
    for (String bad : List.of("[s]\nk = %(x)s", "[s]\nk = 100%", "[s]\nk = %(k)s")) {
      assertThatThrownBy(() -> Ini.parse(bad))
          .as(bad)
          .isInstanceOf(Ini.InterpolationException.class);
    }
  }

  private List<String> lines(String name) throws Exception {
    try (var in = getClass().getResourceAsStream(name)) {
      List<String> lines = new ArrayList<>(List.of(new String(in.readAllBytes()).split("\n")));
      lines.removeIf(String::isEmpty);
      return lines;
    }
  }
}
