package dev.ploy.modules.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deb822_repository on a fresh host: a flat repository in the host itself (file:/srv/repo) is added
 * and APT reads it; a disabled one with an inline key is written as Ansible 2.15 writes it; an old
 * source and its key are removed. Check mode predicts the run and changes nothing, --diff shows the
 * files, a second run changes nothing, hostile values stay data. No side-by-side test: ansible-core
 * 2.14 has no deb822_repository.
 */
class Deb822RepositoryOverSshTest {
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/repo && touch /srv/repo/Packages",
          "printf 'Types: deb\\nURIs: http://old.invalid/debian\\nSuites: old\\n'"
              + " > /etc/apt/sources.list.d/old.sources",
          "echo key > /etc/apt/keyrings/old.asc");

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: A local flat repository
            ansible.builtin.deb822_repository:
              name: Local Repo_1
              uris: file:/srv/repo
              suites: ./
              trusted: true
              allow_insecure: true
          - name: A disabled repository with an inline key
            deb822_repository:
              name: signed
              types: [deb, deb-src]
              uris: [https://deb.example.test/debian]
              suites: bookworm
              components: [main, contrib]
              architectures: amd64
              enabled: false
              mode: "0600"
              signed_by: |
                -----BEGIN PGP PUBLIC KEY BLOCK-----

                mQINBGRmZmZmAQgA
                =AbCd
                -----END PGP PUBLIC KEY BLOCK-----
          - name: An old source removed with its key
            deb822_repository:
              name: old
              state: absent
      """;

  private static final String STATE =
      "cd /etc/apt && ls -la sources.list.d keyrings && head -n 100 sources.list.d/*";

  @TempDir Path dir;

  @Test
  void writesTheSourcesAptReadsAndConverges() throws Exception {
    TargetHost host = Testbed.fresh("deb822");
    host.out(SETUP);
    String untouched = host.out(STATE);

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(3);
    assertThat(host.out(STATE)).as("check mode changes nothing").isEqualTo(untouched);
    assertThat(check.console())
        .contains("+URIs: file:/srv/repo", "+X-Repolib-Name: Local Repo_1")
        .contains("-state: file", "+state: absent");

    TestbedRun.Result run = TestbedRun.in(dir, host).run(PLAYBOOK);
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(run.changed()).as("check mode predicts the run").isEqualTo(check.changed());
    assertThat(run.task("A local flat repository").data())
        .containsEntry("dest", "/etc/apt/sources.list.d/local-repo-1.sources");
    assertThat(host.out("cat /etc/apt/sources.list.d/local-repo-1.sources"))
        .isEqualTo(
            "Allow-Insecure: yes\n"
                + "X-Repolib-Name: Local Repo_1\n"
                + "Suites: ./\n"
                + "Trusted: yes\n"
                + "Types: deb\n"
                + "URIs: file:/srv/repo\n");
    assertThat(
            host.out(
                "cd /etc/apt/sources.list.d && stat -c '%a %U' signed.sources && cat signed.sources"))
        .isEqualTo(
            "600 root\n"
                + "Architectures: amd64\n"
                + "Components: main contrib\n"
                + "Enabled: no\n"
                + "X-Repolib-Name: signed\n"
                + "Signed-By:\n"
                + "    -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
                + "    .\n"
                + "    mQINBGRmZmZmAQgA\n"
                + "    =AbCd\n"
                + "    -----END PGP PUBLIC KEY BLOCK-----\n"
                + "Suites: bookworm\n"
                + "Types: deb deb-src\n"
                + "URIs: https://deb.example.test/debian\n");
    assertThat(host.sh("test -e /etc/apt/sources.list.d/old.sources").ok()).isFalse();
    assertThat(host.sh("test -e /etc/apt/keyrings/old.asc").ok()).isFalse();
    // APT reads the files: the local repository is fetched, the disabled one is not
    assertThat(
            host.out(
                "apt-get -o Dir::Etc::sourcelist=/dev/null update >/dev/null 2>&1;"
                    + " apt-cache -o Dir::Etc::sourcelist=/dev/null policy"))
        .contains("file:/srv/repo ./ Packages")
        .doesNotContain("deb.example.test");

    TestbedRun.in(dir, host).run(PLAYBOOK).assertConverged();
  }

  private static final String HOSTILE =
      """
      - hosts: all
        gather_facts: false
        vars:
          evil: "$(touch /tmp/pwned) `touch /tmp/pwned`; 'q' \\"d\\""
        tasks:
          - name: A hostile name and URI
            deb822_repository:
              name: "-rf {{ evil }}"
              uris: "-o{{ evil | replace(' ', '') }}"
              suites: "--help"
              enabled: false
          - name: A suite that would add a field
            deb822_repository: {name: x, uris: "file:/srv", suites: "a\\nTrusted: yes"}
            ignore_errors: true
          - name: A name that would add a field
            deb822_repository: {name: "x\\nTrusted: yes", uris: "file:/srv", suites: a}
            ignore_errors: true
      """;

  @Test
  void hostileValuesStayDataAndLineBreaksAreRefused() throws Exception {
    TargetHost host = Testbed.fresh("deb822-hostile");
    TestbedRun.Result run = TestbedRun.in(dir, host).run(HOSTILE);
    assertThat(run.status("A hostile name and URI")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(
            host.out("cat /etc/apt/sources.list.d/-rf-touch-tmppwned-touch-tmppwned-q-d.sources"))
        .contains("X-Repolib-Name: -rf $(touch /tmp/pwned) `touch /tmp/pwned`; 'q' \"d\"\n")
        .contains("URIs: -o$(touch/tmp/pwned)`touch/tmp/pwned`;'q'\"d\"\n")
        .contains("Suites: --help\n");
    assertThat(run.status("A suite that would add a field")).isEqualTo(Status.FAILED);
    assertThat(run.status("A name that would add a field")).isEqualTo(Status.FAILED);
    assertThat(host.out("ls /etc/apt/sources.list.d")).doesNotContain("x.sources");
    assertThat(host.sh("test -e /tmp/pwned").ok()).isFalse();
  }
}
