package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy's local_follow on this machine, as ansible-playbook 2.14 copies a tree holding links. */
class CopyLocalFollowTest {
  @TempDir Path dir;

  @Test
  void linksInASourceDirectoryAreFollowedOrKeptAsLinks() throws Exception {
    Path tree = dir.resolve("files/tree");
    Files.createDirectories(tree.resolve("sub"));
    Files.writeString(tree.resolve("a.txt"), "A\n");
    Files.writeString(tree.resolve("sub/b.txt"), "B\n");
    Files.createSymbolicLink(tree.resolve("lnk"), Path.of("a.txt"));
    Files.createSymbolicLink(tree.resolve("linkdir"), Path.of("sub"));
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - copy: {src: tree, dest: "%1$s/followed/"}
            - copy: {src: tree, dest: "%1$s/kept/", local_follow: false}
            - copy: {src: tree, dest: "%1$s/kept/", local_follow: false}
              register: again
            - assert: {that: [again is not changed]}
            """)
                .formatted(dir));
    PloyRun run = PloyRun.local("here", playbook.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();

    Path followed = dir.resolve("followed/tree");
    assertThat(Files.isSymbolicLink(followed.resolve("lnk"))).isFalse();
    assertThat(Files.readString(followed.resolve("lnk"))).isEqualTo("A\n");
    assertThat(Files.isSymbolicLink(followed.resolve("linkdir"))).isFalse();
    assertThat(Files.readString(followed.resolve("linkdir/b.txt"))).isEqualTo("B\n");

    Path kept = dir.resolve("kept/tree");
    assertThat(Files.readSymbolicLink(kept.resolve("lnk"))).isEqualTo(Path.of("a.txt"));
    assertThat(Files.readSymbolicLink(kept.resolve("linkdir"))).isEqualTo(Path.of("sub"));
    assertThat(Files.readString(kept.resolve("sub/b.txt"))).isEqualTo("B\n");
  }
}
