package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What is mounted on a path, as the ephemeral state of mount reads it before a remount. */
class MountTableTest {
  private static final List<String> MOUNTINFO =
      List.of(
          "535 480 0:140 / / rw,relatime - overlay overlay rw,lowerdir=/x",
          "600 535 0:150 / /mnt/cache rw,relatime - tmpfs tmpfs rw,size=2048k",
          "610 535 0:140 /srv/data /mnt/with\\040space rw,relatime - overlay overlay rw",
          "620 600 0:160 / /mnt/cache rw,relatime - tmpfs other rw");

  @Test
  void theTopMountOfThePathDecidesByItsDeviceOrItsBoundDirectory() {
    assertThat(MountTable.sourceIs(MOUNTINFO, List.of(), "/mnt/cache", "other")).isTrue();
    assertThat(MountTable.sourceIs(MOUNTINFO, List.of(), "/mnt/cache", "tmpfs")).isFalse();
    assertThat(MountTable.sourceIs(MOUNTINFO, List.of(), "/mnt/with space", "/srv/data")).isTrue();
    assertThat(MountTable.sourceIs(MOUNTINFO, List.of(), "/mnt/with space", "/srv/other"))
        .isFalse();
    assertThat(MountTable.sourceIs(MOUNTINFO, List.of(), "/mnt/none", "tmpfs")).isFalse();
  }

  @Test
  void mountVerboseOutputCountsToo() {
    List<String> mountV = List.of("tmpfs on /mnt/cache type tmpfs (rw,relatime,size=2048k)");
    assertThat(MountTable.sourceIs(List.of(), mountV, "/mnt/cache", "tmpfs")).isTrue();
    assertThat(MountTable.sourceIs(List.of(), mountV, "/mnt/cache", "/dev/sda1")).isFalse();
  }

  @Test
  void unescapesMountinfosOctalEscapes() {
    assertThat(MountTable.unescape("/a\\040b\\011c\\134d\\04")).isEqualTo("/a b\tc\\d\\04");
  }
}
