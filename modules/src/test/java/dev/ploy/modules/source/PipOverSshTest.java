package dev.ploy.modules.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.Play;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * pip on real Debian hosts over SSH. No package index is reachable: the test writes wheels inside
 * the target (a wheel is a zip file; python3's zipfile makes it, no build tools needed) into
 * /srv/wheels and installs with --no-index --find-links. python3-venv comes from apt.
 */
class PipOverSshTest {
  /** Writes a pure-Python wheel NAME-VERSION into DIR: a module with VERSION, metadata, RECORD. */
  private static final String MAKE_WHEEL =
      """
      import base64, hashlib, os, sys, zipfile
      name, version, out = sys.argv[1:4]
      module = name.lower().replace("-", "_")
      dist = f"{module}-{version}.dist-info"
      files = {
          f"{module}/__init__.py": f"VERSION = {version!r}\\n",
          f"{dist}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n",
          f"{dist}/WHEEL": "Wheel-Version: 1.0\\nGenerator: ploy-test\\nRoot-Is-Purelib: true\\n"
          "Tag: py3-none-any\\n",
      }
      record = []
      os.makedirs(out, exist_ok=True)
      with zipfile.ZipFile(os.path.join(out, f"{module}-{version}-py3-none-any.whl"), "w") as z:
          for path, text in files.items():
              data = text.encode()
              z.writestr(path, data)
              digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
              record.append(f"{path},sha256={digest.decode()},{len(data)}")
          record.append(f"{dist}/RECORD,,")
          z.writestr(f"{dist}/RECORD", "\\n".join(record) + "\\n")
      """;

  private static final String PLAYBOOK =
      Play.onAll()
          .asDeploy()
          .tasks(
              """
      - name: Packages
        pip:
          name: "{{ pkgs }}"
          virtualenv: /srv/venv
          extra_args: --no-index --find-links /srv/wheels
          state: "{{ pstate | default('present') }}"
      """);

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("pip-check", "pip-run").eachSetUp(PipOverSshTest::installVenvAndWheels);

  @TempDir Path dir;

  private static void installVenvAndWheels(TargetHost host) {
    host.out(
        "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >/dev/null"
            + " && apt-get install -y -qq python3-venv >/dev/null 2>&1"
            + " && cat > /root/mkwheel.py <<'EOF'\n"
            + MAKE_WHEEL
            + "EOF\n"
            + "for v in 1.0 2.0; do python3 /root/mkwheel.py ployhello $v /srv/wheels; done"
            + " && python3 /root/mkwheel.py Ploy_Extra 0.5 /srv/wheels");
  }

  private TestbedRun.Result run(TargetHost host, boolean check, Map<String, Object> vars)
      throws Exception {
    return TestbedRun.in(dir, host).check(check).vars(vars).run(PLAYBOOK);
  }

  private static String versionIn(TargetHost host) {
    return host.sh("/srv/venv/bin/python -c 'import ployhello; print(ployhello.VERSION)'")
        .stdout()
        .strip();
  }

  @Test
  void checkModePredictsAndCreatesNothing() throws Exception {
    TestbedRun.Result check =
        run(hosts.fresh(), true, Map.of("pkgs", List.of("ployhello==1.0", "ploy-extra")));
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("Packages")).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("+version: ployhello==1.0").contains("ploy-extra");
    assertThat(hosts.fresh().sh("test -e /srv/venv").rc()).isNotZero();

    TestbedRun.Result noPip =
        TestbedRun.in(dir, hosts.fresh())
            .run(
                Play.onAll()
                    .tasks(
                        """
                - name: System pip
                  pip: {name: ployhello}
                """));
    assertThat(noPip.status("System pip")).isEqualTo(Status.FAILED);
    assertThat(noPip.task("System pip").data().get("msg").toString())
        .contains("pip does not run on pip-check")
        .contains("python3-pip");
  }

  @Test
  void anEmptyVersionIsNoVersion() throws Exception {
    TestbedRun.Result check =
        TestbedRun.in(dir, hosts.fresh())
            .check(true)
            .run(
                Play.onAll()
                    .with("become: true")
                    .tasks(
                        """
                - name: Packages
                  pip:
                    name: [ployhello, ploy-extra]
                    version: ''
                    virtualenv: /srv/venv
                    extra_args: --no-index --find-links /srv/wheels
                """));
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("Packages")).isEqualTo(Status.CHANGED);
  }

  @Test
  void installsUpgradesRemovesAndConverges() throws Exception {
    Map<String, Object> one = Map.of("pkgs", List.of("ployhello==1.0", "Ploy.Extra"));
    TestbedRun.Result first = run(hosts.used(), false, one);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.status("Packages")).isEqualTo(Status.CHANGED);
    assertThat(versionIn(hosts.used())).isEqualTo("1.0");
    assertThat(hosts.used().out("/srv/venv/bin/python -m pip list --format=freeze"))
        .contains("ployhello==1.0")
        .containsIgnoringCase("Ploy_Extra==0.5");
    assertThat(run(hosts.used(), false, one).changed()).isZero();

    Map<String, Object> two = Map.of("pkgs", List.of("ployhello>=2"));
    TestbedRun.Result upgrade = run(hosts.used(), false, two);
    assertThat(upgrade.console()).contains("-version: 1.0").contains("+version: ployhello>=2");
    assertThat(versionIn(hosts.used())).isEqualTo("2.0");
    assertThat(run(hosts.used(), false, two).changed()).isZero();

    TestbedRun.Result latest =
        run(hosts.used(), false, Map.of("pkgs", List.of("ployhello"), "pstate", "latest"));
    assertThat(latest.status("Packages")).as(latest.console()).isEqualTo(Status.OK);

    Map<String, Object> absent = Map.of("pkgs", List.of("ployhello"), "pstate", "absent");
    assertThat(run(hosts.used(), false, absent).status("Packages")).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().sh("/srv/venv/bin/python -c 'import ployhello'").rc()).isNotZero();
    assertThat(run(hosts.used(), false, absent).changed()).isZero();

    hosts.used().out("echo 'ployhello==1.0' > /srv/requirements.txt");
    String requirements =
        Play.onAll()
            .with("become: true")
            .tasks(
                """
        - name: Requirements
          pip:
            requirements: /srv/requirements.txt
            virtualenv: /srv/venv
            extra_args: --no-index --find-links /srv/wheels
        """);
    assertThat(TestbedRun.in(dir, hosts.used()).run(requirements).status("Requirements"))
        .isEqualTo(Status.CHANGED);
    assertThat(versionIn(hosts.used())).isEqualTo("1.0");
    assertThat(TestbedRun.in(dir, hosts.used()).run(requirements).status("Requirements"))
        .isEqualTo(Status.OK);
  }

  @Test
  void hostileNamesReachPipAsOneArgument() throws Exception {
    TestbedRun.Result run =
        run(
            hosts.used(),
            false,
            Map.of("pkgs", List.of("ployhello; touch /tmp/pwned", "$(touch /tmp/pwned2)")));
    assertThat(run.status("Packages")).isEqualTo(Status.FAILED);
    assertThat(run.task("Packages").data().get("msg").toString()).contains("pip failed");
    assertThat(hosts.used().sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();

    TestbedRun.Result dash =
        run(hosts.used(), false, Map.of("pkgs", List.of("--index-url=http://x")));
    assertThat(dash.task("Packages").data().get("msg").toString())
        .contains("is not a package name");
  }
}
