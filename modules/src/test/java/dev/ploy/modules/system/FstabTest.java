package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** fstab edits as ansible.posix.mount makes them (checked against the collection's code). */
class FstabTest {
  private static final Fstab.Entry CACHE =
      new Fstab.Entry("tmpfs", "/mnt/cache", "tmpfs", "size=2m", "0", "0");

  @Test
  void appendsAMissingEntryAndKeepsCommentsAndOtherLines() {
    String file = "# static\n\nUUID=1 / ext4 errors=remount-ro 0 1\n";
    assertThat(Fstab.set(file, CACHE)).isEqualTo(file + "tmpfs /mnt/cache tmpfs size=2m 0 0\n");
    assertThat(Fstab.set("", CACHE)).isEqualTo("tmpfs /mnt/cache tmpfs size=2m 0 0\n");
  }

  @Test
  void rewritesADifferingEntryInPlaceAndLeavesAnEqualOneByteForByte() {
    assertThat(Fstab.set("a\ntmpfs  /mnt/cache\ttmpfs size=1m 0 0\nb\n", CACHE))
        .isEqualTo("a\ntmpfs /mnt/cache tmpfs size=2m 0 0\nb\n");
    String same = "tmpfs  /mnt/cache\ttmpfs size=2m";
    assertThat(Fstab.set(same, CACHE)).as("dump and passno default to 0").isEqualTo(same);
  }

  @Test
  void escapesSpacesBackslashesTabsAndAmpersands() {
    Fstab.Entry odd = new Fstab.Entry("/srv/a b&c\\d", "/mnt/x\ty", "none", "bind", "0", "0");
    String line = "/srv/a\\040b\\046c\\134d /mnt/x\\011y none bind 0 0\n";
    assertThat(Fstab.set("", odd)).isEqualTo(line);
    assertThat(Fstab.set(line, odd)).isEqualTo(line);
    assertThat(Fstab.unset("x\n" + line, "/mnt/x\ty", null)).isEqualTo("x\n");
  }

  @Test
  void removesOnlySixFieldEntriesOfThatMountPointAndKeepsAnUnendedLastLine() {
    String file =
        "tmpfs /mnt/cache tmpfs size=2m 0 0\ntmpfs /mnt/cache tmpfs size=2m\nkeep 1 2 3 4 5";
    assertThat(Fstab.unset(file, "/mnt/cache", null))
        .isEqualTo("tmpfs /mnt/cache tmpfs size=2m\nkeep 1 2 3 4 5");
    assertThat(Fstab.unset(file, "/mnt/other", null)).isEqualTo(file);
  }

  @Test
  void swapEntriesAreTellApartBySource() {
    String file = "/dev/sda2 none swap sw 0 0\n/swapfile none swap sw 0 0\n";
    assertThat(Fstab.unset(file, "none", "/swapfile")).isEqualTo("/dev/sda2 none swap sw 0 0\n");
    assertThat(Fstab.set(file, new Fstab.Entry("/swapfile", "none", "swap", "sw,pri=5", "0", "0")))
        .isEqualTo("/dev/sda2 none swap sw 0 0\n/swapfile none swap sw,pri=5 0 0\n");
  }
}
