package dev.ploy.modules.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which host a known_hosts host field names: hashed as ssh hashes, or a list of patterns. */
class KnownHostsTest {
  @Test
  void aHashedFieldNamesTheHostItWasHashedFrom() throws Exception {
    String field =
        KnownHosts.hashed(
            "[other.org]:2222", "twenty bytes of salt".getBytes(StandardCharsets.UTF_8));
    assertThat(field).startsWith("|1|dHdlbnR5IGJ5dGVzIG9mIHNhbHQ=|");
    assertThat(KnownHosts.names(field, "[other.org]:2222")).isTrue();
    assertThat(KnownHosts.names(field, "other.org")).isFalse();
  }

  @Test
  void aPlainFieldIsAListOfPatterns() throws Exception {
    assertThat(KnownHosts.names("example.org,192.0.2.1", "192.0.2.1")).isTrue();
    assertThat(KnownHosts.names("*.example.org,!bad.example.org", "web.example.org")).isTrue();
    assertThat(KnownHosts.names("*.example.org,!bad.example.org", "bad.example.org")).isFalse();
    assertThat(KnownHosts.names("y.org", "x.org")).isFalse();
  }
}
