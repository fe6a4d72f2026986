package dev.ploy.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
  @TempDir Path ssh;

  private void write(String name, String text) throws Exception {
    Path file = ssh.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void includedFilesAreReadInPlaceInNameOrder() throws Exception {
    write(
        "config",
        """
        Include conf.d/*.conf
        Host *
          User fallback
          Port 2200
        """);
    write("conf.d/20-web.conf", "Host web*\n  User second\n  Port 2020\n");
    write("conf.d/10-web.conf", "Host web*\n  User first\n");
    write("conf.d/.hidden.conf", "Host *\n  User hidden\n");
    write("conf.d/notes.txt", "Host *\n  User notes\n");
    SshConfig config = SshConfig.load(ssh.resolve("config"));

    assertThat(config.lookup("web1").first("User")).contains("first");
    assertThat(config.lookup("web1").first("Port")).contains("2020");
    assertThat(config.lookup("db1").first("User")).contains("fallback");
  }

  @Test
  void anIncludeInsideAHostBlockAppliesToThatHostOnly() throws Exception {
    write(
        "config",
        """
        Host db*
          Include db-extra
          ForwardAgent no
        Host *
          Port 22
        """);
    // a Host * inside the included file still needs the outer db* to match
    write("db-extra", "Port 5432\nHost *\n  User dba\n");
    SshConfig config = SshConfig.load(ssh.resolve("config"));

    assertThat(config.lookup("db1").first("Port")).contains("5432");
    assertThat(config.lookup("db1").first("User")).contains("dba");
    assertThat(config.lookup("db1").first("ForwardAgent")).contains("no");
    assertThat(config.lookup("web1").first("Port")).contains("22");
    assertThat(config.lookup("web1").first("User")).isEmpty();
    assertThat(config.lookup("web1").first("ForwardAgent")).isEmpty();
  }

  @Test
  void missingFilesAndIncludeLoopsEndQuietly() throws Exception {
    write("config", "Include nowhere/* absent-file loop\nUser kept\n");
    write("loop", "Include loop\nPort 2022\n");
    SshConfig config = SshConfig.load(ssh.resolve("config"));

    assertThat(config.lookup("any").first("User")).contains("kept");
    assertThat(config.lookup("any").first("Port")).contains("2022");
  }

  @Test
  void absoluteAndHomePathsAreTakenAsGiven() throws Exception {
    write("elsewhere/extra", "Host extra\n  HostName extra.example.org\n");
    SshConfig config =
        SshConfig.parse("Include " + ssh.resolve("elsewhere/extra") + "\n", Path.of("/nowhere"));

    assertThat(config.lookup("extra").first("HostName")).contains("extra.example.org");
    assertThat(SshConfig.included(java.util.List.of("~/x"), ssh))
        .containsExactly(Path.of(System.getProperty("user.home"), "x"));
  }
}
