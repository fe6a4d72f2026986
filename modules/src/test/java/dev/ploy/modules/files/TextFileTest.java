package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text file probe, run by this machine's /bin/sh: what it reads is what is on disk. */
class TextFileTest {
  @TempDir Path dir;

  @Test
  void readsTheRealPathBehindALinkTheContentAndTheParent() throws Exception {
    Path real = Files.writeString(dir.resolve("settings.ini"), "workers = 3\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.ini"), real);
    TextFile file = read(link.toString());
    assertThat(file.realPath()).isEqualTo(real.toRealPath().toString());
    assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("workers = 3\n");
    assertThat(file.parentExists()).isTrue();
  }

  @Test
  void aMissingFileHasNoContentAndSaysWhetherItsDirectoryExists() throws Exception {
    assertThat(read(dir.resolve("new.ini").toString()).content()).isNull();
    assertThat(read(dir.resolve("new.ini").toString()).parentExists()).isTrue();
    assertThat(read(dir.resolve("missing/new.ini").toString()).parentExists()).isFalse();
    assertThat(read(dir.resolve("missing/sub/").toString()).parentExists()).isFalse();
    assertThat(read("relative-" + System.nanoTime()).parentExists()).isTrue();
  }

  private TextFile read(String path) throws Exception {
    Process sh = new ProcessBuilder("/bin/sh", "-c", TextFile.script(path)).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor()).isZero();
    return TextFile.parse(path, out);
  }
}
