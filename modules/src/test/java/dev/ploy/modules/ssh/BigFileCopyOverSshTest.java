package dev.ploy.modules.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100 MB file through the copy module over SSH: it arrives intact, the controller's heap does not
 * hold it, a second run sends nothing, and a copy that fails halfway (a validate command that
 * refuses it, the connection killed during the upload) leaves the old destination as it was and no
 * temporary files behind.
 */
class BigFileCopyOverSshTest {
  private static final long MB = 1024 * 1024;
  private static final long SIZE = 100 * MB;

  private static TargetHost host;

  private static Path files;
  @TempDir Path dir;

  private static Path big;
  private static String bigSha256;

  @BeforeAll
  static void setUp() throws Exception {
    host = Testbed.fresh("e2e-big");
    files = Files.createTempDirectory("ploy-big");
    big = files.resolve("big.bin");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[(int) MB];
    try (OutputStream out = Files.newOutputStream(big)) {
      for (long written = 0; written < SIZE; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk);
        sha.update(chunk);
      }
    }
    bigSha256 = HexFormat.of().formatHex(sha.digest());
    host.out("mkdir -p /srv/big && chown deploy: /srv/big");
  }

  private static String copy(String dest) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
            - name: Big file
              ansible.builtin.copy:
                src: %s
                dest: %s
                mode: "0640"
        """
        .formatted(big, dest);
  }

  @AfterAll
  static void removeBigFile() throws Exception {
    Files.deleteIfExists(big);
    Files.deleteIfExists(files);
  }

  private static String sha256(String path) {
    return host.out("sha256sum " + path + " | cut -d' ' -f1").strip();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static String leftovers(String directory) {
    return host.out(
        "ls -a "
            + directory
            + " | grep '^\\.ploy-' || true; ls -a /tmp | grep '^\\.ploy-upload-' || true");
  }

  @Test
  @Timeout(600)
  void a100MegabyteFileArrivesIntactWithoutGrowingTheHeapAndASecondRunSendsNothing()
      throws Exception {
    long before = usedHeapAfterGc();
    TestbedRun.Result first = TestbedRun.in(dir, host).run(copy("/srv/big/big.bin"));
    long after = usedHeapAfterGc();
    assertThat(first.exitCode()).as(first.console()).isEqualTo(RunOutcome.OK);
    assertThat(first.status("Big file")).isEqualTo(Status.CHANGED);
    assertThat(sha256("/srv/big/big.bin")).isEqualTo(bigSha256);
    assertThat(host.out("stat -c '%s %a' /srv/big/big.bin")).isEqualTo(SIZE + " 640\n");
    assertThat(leftovers("/srv/big")).isEmpty();
    // nothing of the file stays behind in this JVM's heap
    assertThat(after - before).as("heap retained by the copy").isLessThan(16 * MB);

    // the proof that it is streamed: a JVM whose whole heap is smaller than the file copies it
    SeparateJvm.Outcome small =
        SeparateJvm.run(
            dir,
            List.of(host),
            copy("/srv/big/small-heap.bin"),
            Map.of(),
            List.of("-Xmx48m", "-XX:+UseSerialGC"));
    assertThat(small.processExit()).as(small.output()).isZero();
    assertThat(small.runExit()).as(small.output()).isEqualTo(RunOutcome.OK);
    assertThat(small.output()).contains("changed=1");
    assertThat(small.peakHeap()).as(small.output()).isLessThan(48 * MB);
    assertThat(sha256("/srv/big/small-heap.bin")).isEqualTo(bigSha256);

    String identity = host.out("stat -c '%i %Y' /srv/big/big.bin");
    TestbedRun.Result second = TestbedRun.in(dir, host).run(copy("/srv/big/big.bin"));
    assertThat(second.exitCode()).as(second.console()).isEqualTo(RunOutcome.OK);
    assertThat(second.status("Big file")).isEqualTo(Status.OK);
    assertThat(second.changed()).isZero();
    assertThat(second.task("Big file").data()).containsEntry("changed", false);
    // same inode, same modification time: the file was neither sent nor rewritten
    assertThat(host.out("stat -c '%i %Y' /srv/big/big.bin")).isEqualTo(identity);
    assertThat(leftovers("/srv/big")).isEmpty();
  }

  @Test
  @Timeout(600)
  void aCopyRefusedByValidateLeavesTheOldFileAndNoTemporaryFiles() throws Exception {
    host.out("printf 'old\\n' > /srv/big/validated.bin");
    TestbedRun.Result refused =
        TestbedRun.in(dir, host)
            .run(
                copy("/srv/big/validated.bin")
                    .replace(
                        "mode: \"0640\"",
                        "mode: \"0640\"\n        validate: grep -q NOT-IN-THE-FILE %s"));
    assertThat(refused.exitCode()).as(refused.console()).isEqualTo(RunOutcome.HOST_FAILED);
    assertThat(refused.status("Big file")).isEqualTo(Status.FAILED);
    assertThat(String.valueOf(refused.task("Big file").data().get("msg")))
        .contains("failed to validate")
        .contains("unchanged");
    assertThat(host.out("cat /srv/big/validated.bin")).isEqualTo("old\n");
    assertThat(leftovers("/srv/big")).isEmpty();
  }

  @Test
  @Timeout(600)
  void aConnectionKilledDuringTheUploadLeavesTheOldFileAndALaterRunFinishesCleanly()
      throws Exception {
    interruptedUpload();

    TestbedRun.Result later = TestbedRun.in(dir, host).run(copy("/srv/big/interrupted.bin"));
    assertThat(later.exitCode()).as(later.console()).isEqualTo(RunOutcome.OK);
    assertThat(later.status("Big file")).isEqualTo(Status.CHANGED);
    assertThat(sha256("/srv/big/interrupted.bin")).isEqualTo(bigSha256);
    assertThat(leftovers("/srv/big")).isEmpty();
  }

  @Test
  @Timeout(600)
  void anUploadCutOffMidwayLeavesNoStagedFile() throws Exception {
    interruptedUpload();
    assertThat(leftovers("/srv/big")).isEmpty();
  }

  @Test
  @Timeout(600)
  void aRunKilledDuringTheUploadLeavesAStagedFileThatTheNextRunRemoves() throws Exception {
    host.out("printf 'old\\n' > /srv/big/killed.bin; rm -f /srv/big/.ploy-upload-*");
    Process child = SeparateJvm.start(dir, List.of(host), copy("/srv/big/killed.bin"));
    String staged;
    try {
      staged = arrived(MB);
    } finally {
      child.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    }
    // nothing could clean up after a killed controller: the staged file stays, named after the
    // SSH session that owned it; wait until that session has ended on the target
    assertThat(staged)
        .as(Files.readString(dir.resolve("child.log")))
        .matches("\\.ploy-upload-\\d+-\\d+-.+");
    String pid = staged.split("-")[2];
    host.out(
        "i=0; while [ -e /proc/" + pid + " ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done");
    assertThat(leftovers("/srv/big")).isEqualTo(staged + "\n");
    // the staged file of an upload still under way (its session lives) must be kept
    String live =
        ".ploy-upload-"
            + host.out(
                    "p=$(systemctl show -p MainPID --value ssh);"
                        + " printf '%s-%s' $p \"$(sed 's/^.*) //' /proc/$p/stat | cut -d' ' -f20)\"")
                .strip()
            + "-concurrent";
    host.out("printf live > /srv/big/" + live);

    TestbedRun.Result later = TestbedRun.in(dir, host).run(copy("/srv/big/killed.bin"));
    assertThat(later.exitCode()).as(later.console()).isEqualTo(RunOutcome.OK);
    assertThat(sha256("/srv/big/killed.bin")).isEqualTo(bigSha256);
    assertThat(leftovers("/srv/big")).isEqualTo(live + "\n");
    host.out("rm -f /srv/big/" + live);
  }

  /** Waits until a staged upload in /srv/big holds {@code bytes}; returns its name. */
  private static String arrived(long bytes) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      String name = host.out("cd /srv/big && ls -a | grep '^\\.ploy-upload-' || true").strip();
      if (!name.isEmpty()
          && Long.parseLong(host.out("stat -c %s /srv/big/" + name).strip()) >= bytes) {
        return name;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no upload arrived in /srv/big");
  }

  /** Copies the big file over an old one and kills the SSH connection during the upload. */
  private void interruptedUpload() throws Exception {
    host.out("printf 'old\\n' > /srv/big/interrupted.bin; rm -f /srv/big/.ploy-upload-*");
    // Inside the container (docker exec, not SSH): once the upload has sent 1 MB, freeze its SFTP
    // server, note how much arrived, then kill every SSH session process (the
    // children of sshd's listener, by pid), as a dropped network would end them.
    String killer =
        """
        i=0
        until p=$(pgrep -x sftp-server) &&
          [ "$(cat /srv/big/.ploy-upload-* 2>/dev/null | head -c 1048576 | wc -c)" -ge 1048576 ]; do
          i=$((i + 1)); [ $i -lt 6000 ] || { echo 'no upload seen'; exit 0; }
          sleep 0.01
        done
        for q in $p; do kill -STOP $q; done
        sleep 0.2
        echo "arrived=$(cat /srv/big/.ploy-upload-* 2>/dev/null | wc -c)"
        tree() { for c in $(pgrep -P "$1"); do tree "$c"; done; kill -9 "$1" 2>/dev/null; }
        for s in $(pgrep -P "$(systemctl show -p MainPID --value ssh)"); do tree "$s"; done
        echo killed
        """;
    CompletableFuture<String> killed =
        CompletableFuture.supplyAsync(() -> Testbed.exec(host, killer));
    Thread.sleep(300); // the watcher is looking before the run starts
    TestbedRun.Result interrupted = TestbedRun.in(dir, host).run(copy("/srv/big/interrupted.bin"));
    String watcher = killed.get(2, TimeUnit.MINUTES);
    assertThat(watcher).as(watcher).contains("killed");
    long arrived = Long.parseLong(watcher.replaceAll("(?s).*arrived=(\\d+).*", "$1"));
    // killed after the upload had begun (before it, the connection would be reopened and the copy
    // would succeed) and before it ended
    assertThat(arrived).as("bytes uploaded when the connection was killed").isBetween(MB, SIZE - 1);

    assertThat(interrupted.exitCode())
        .as(
            "%s\nwatcher: %s\ndest now: %s",
            interrupted.console(),
            watcher,
            host.out("stat -c %s /srv/big/interrupted.bin; sha256sum /srv/big/interrupted.bin")
                + " expected sha256 "
                + bigSha256)
        .isNotEqualTo(RunOutcome.OK);
    assertThat(interrupted.status("Big file")).isIn(Status.FAILED, Status.UNREACHABLE);
    assertThat(String.valueOf(interrupted.task("Big file").data().get("msg")))
        .as(interrupted.console())
        .contains("/srv/big/.ploy-upload-");
    assertThat(host.out("cat /srv/big/interrupted.bin")).isEqualTo("old\n");
    assertThat(leftovers("/srv/big")).isEmpty();
  }
}
