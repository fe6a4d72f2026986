package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code ploy adhoc} on hosts that are this machine (or that no one answers for): what is refused
 * before any host is contacted, and the exit codes of the ansible command.
 */
class AdhocCliTest {
  @Test
  void commandWithoutArgumentsIsRefusedAsAnsibleRefusesIt() {
    PloyRun run = PloyRun.of("adhoc", "localhost", "-i", "localhost,", "-c", "local");
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err()).contains("ERROR! No argument passed to command module");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownModuleIsAProblemFoundBeforeAnyHostIsContacted() {
    PloyRun run = PloyRun.of("adhoc", "localhost", "-i", "localhost,", "-c", "local", "-m", "pnig");
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err())
        .contains("no host was contacted")
        .contains("(ad-hoc command)")
        .contains("'ping'");
  }

  @Test
  void aPatternNoHostMatchesWarnsAndSucceeds() {
    PloyRun run = PloyRun.of("adhoc", "nothere", "-i", "localhost,", "-c", "local", "-m", "ping");
    assertThat(run.code()).isZero();
    assertThat(run.err()).contains("[WARNING]: No hosts matched, nothing to do");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aFailedHostExitsWithTwoAndEachHostHasItsLine() {
    PloyRun run =
        PloyRun.of(
            "adhoc",
            "all",
            "-i",
            "a,b,",
            "-c",
            "local",
            "-o",
            "-m",
            "shell",
            "-a",
            "[ {{ inventory_hostname }} = a ]");
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.out().lines())
        .hasSize(2)
        .contains("a | CHANGED | rc=0 | (stdout) ")
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("b | FAILED! => {\"changed\": true,\"cmd\": \"[ b = a ]\",")
                    .contains("\"rc\": 1,"));
  }

  @Test
  void anUnreachableHostExitsWithFour() {
    // nothing listens on port 1: the connection is refused at once
    PloyRun run =
        PloyRun.of(
            "adhoc",
            "all",
            "-i",
            "h1,",
            "-e",
            "ansible_host=127.0.0.1",
            "-e",
            "ansible_port=1",
            "--host-key-checking",
            "off",
            "-m",
            "ping");
    assertThat(run.code()).as(run.err()).isEqualTo(4);
    assertThat(run.out()).startsWith("h1 | UNREACHABLE! => {\n    \"changed\": false,\n");
    assertThat(run.out()).contains("\"unreachable\": true");
  }

  @Test
  void listHostsNamesTheHostsOfThePatternAndLimitAndRunsNothing() {
    PloyRun run = PloyRun.of("adhoc", "all", "-i", "localhost,a,b,", "-l", "a:b", "--list-hosts");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("  hosts (2):\n    a\n    b\n");
  }
}
