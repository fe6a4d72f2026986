package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileInfoTest {

  @Test
  void readsAnAbsentPath() {
    assertThat(FileInfo.parse("/x", "absent\n").exists()).isFalse();
  }

  @Test
  void readsAFileWithItsChecksum() {
    FileInfo info = FileInfo.parse("/etc/motd", "file\n644|root|root|286|0|0\nsha1:abc123\n");
    assertThat(info.self().mode()).isEqualTo("0644");
    assertThat(info.self().owner()).isEqualTo("root");
    assertThat(info.self().size()).isEqualTo(286);
    assertThat(info.checksum()).isEqualTo("abc123");
  }

  @Test
  void readsALinkAndWhatItPointsTo() {
    FileInfo info =
        FileInfo.parse(
            "/l", "link\n777|root|root|4|0|0\n/etc/motd\nfile\n640|app|app|10|1000|1000\n");
    assertThat(info.isLink()).isTrue();
    assertThat(info.linkTarget()).contains("/etc/motd");
    assertThat(info.effective().mode()).isEqualTo("0640");
    assertThat(info.effective().owner()).isEqualTo("app");
  }

  @Test
  void readsADanglingLink() {
    FileInfo info = FileInfo.parse("/l", "link\n777|root|root|4|0|0\n/nowhere\nabsent\n");
    assertThat(info.effective().exists()).isFalse();
  }

  @Test
  void pathKeysAreAnsiblesAddPathInfo() {
    // a setuid mode as Ansible prints it ('0%03o'), a uid without a name as its number
    FileInfo.Stat stat = FileInfo.parse("/f", "file\n4755|UNKNOWN|root|12|1234|0|2\n").self();
    assertThat(PathInfo.of(stat))
        .containsEntry("uid", 1234L)
        .containsEntry("gid", 0L)
        .containsEntry("owner", "1234")
        .containsEntry("group", "root")
        .containsEntry("mode", "04755")
        .containsEntry("state", "hard")
        .containsEntry("size", 12L);
    assertThat(PathInfo.of(FileInfo.Stat.ABSENT))
        .containsExactlyEntriesOf(java.util.Map.of("state", "absent"));
  }
}
