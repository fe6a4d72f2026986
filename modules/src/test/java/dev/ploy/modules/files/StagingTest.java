package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write's temporary file is named after the process that owns the session (here, run by a local
 * sh, this JVM or one of its ancestors), so that a later write removes it once that process is
 * gone, and only then.
 */
class StagingTest {
  private static final Pattern NAME =
      Pattern.compile("\\.ploy-tmp-(\\d+)-(\\d+)-[0-9a-f]{8}-[0-9a-f-]{27}");

  @TempDir Path dir;

  /** Runs the temporary file's lines in {@code dir}; returns the file they made. */
  private String made() throws Exception {
    String script = "dir='" + dir + "'\n" + Staging.temporaryLines() + "\nprintf %s \"$tmp\"";
    Process sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor()).as(out).isZero();
    return Path.of(out).getFileName().toString();
  }

  private static String startOf(String pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
  }

  private List<String> names() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aTemporaryFileIsNamedAfterTheLiveProcessThatOwnsTheSession() throws Exception {
    String name = made();
    Matcher m = NAME.matcher(name);
    assertThat(m.matches()).as(name).isTrue();
    // a live process, found by its pid and start time: this JVM or an sshd above it
    assertThat(startOf(m.group(1))).isEqualTo(m.group(2));
    assertThat(Files.size(dir.resolve(name))).isZero();
    assertThat(
            Files.getPosixFilePermissions(dir.resolve(name)).stream()
                .map(Enum::name)
                .sorted()
                .toList())
        .containsExactly("OWNER_READ", "OWNER_WRITE");
  }

  @Test
  void theNextWriteRemovesTheFilesOfEndedSessionsOnly() throws Exception {
    Matcher owner = NAME.matcher(made());
    assertThat(owner.matches()).isTrue();
    Files.delete(dir.resolve(owner.group()));
    String pid = owner.group(1);
    String live = ".ploy-tmp-" + pid + "-" + owner.group(2) + "-other-write";
    // the same pid with another start time: a process since ended, its pid reused
    String reused = ".ploy-tmp-" + pid + "-1-ended";
    String upload = ".ploy-upload-" + pid + "-1-ended";
    String unknownOwner = ".ploy-tmp-0-0-unknown";
    String older = ".ploy-tmp-Ab3dEf9h"; // mktemp's names, from before: never judged
    for (String name : List.of(live, reused, upload, unknownOwner, older)) {
      Files.writeString(dir.resolve(name), "x");
    }
    String now = made();
    assertThat(names()).containsExactlyInAnyOrder(live, unknownOwner, older, now);
  }
}
