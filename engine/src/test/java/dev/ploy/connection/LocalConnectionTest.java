package dev.ploy.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LocalConnectionTest {
  @TempDir Path temp;

  @Test
  @Timeout(60)
  void interruptKillsTheRunningCommandWithItsChildren() throws Exception {
    LocalConnection connection = new LocalConnection("localhost");
    CompletableFuture<ExecResult> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return connection.exec(
                    Command.of("sleep 631 & sh -c 'sleep 632 & sleep 633'; wait"));
              } catch (ConnectionException e) {
                throw new IllegalStateException(e);
              }
            });
    List<ProcessHandle> sleeps = List.of();
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (sleeps.size() < 3 && System.nanoTime() < until) {
      Thread.sleep(50);
      sleeps = mySleeps();
    }
    assertThat(sleeps).hasSize(3);
    connection.interrupt();
    ExecResult killed = running.get(10, TimeUnit.SECONDS);
    assertThat(killed.ok()).isFalse();
    for (ProcessHandle sleep : sleeps) {
      sleep.onExit().get(5, TimeUnit.SECONDS);
    }
    // later commands run as usual
    assertThat(connection.exec(Command.of("echo still here")).stdout()).isEqualTo("still here\n");
  }

  @Test
  @Timeout(60)
  void anInterruptedThreadStopsAnUpload() throws Exception {
    LocalConnection connection = new LocalConnection("localhost");
    Path target = temp.resolve("endless");
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            try {
              Thread.sleep(1);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return length;
          }
        };
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> connection.upload(endless, Long.MAX_VALUE, target.toString(), 0600))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(Files.size(target)).isLessThan(1024 * 1024);
  }

  /** The sleep 631..633 processes of this JVM's descendants. */
  private static List<ProcessHandle> mySleeps() {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p ->
                p.info().arguments().map(a -> a.length == 1 && a[0].startsWith("63")).orElse(false))
        .toList();
  }
}
