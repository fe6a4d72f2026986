package dev.ploy.modules.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PkiTest {
  @Test
  void subjectValuesAreEscapedForOpenssl() {
    assertThat(Pki.subjArgument(List.of("CN=shop.example.test", "O=Shop / Co+1 \\ x")))
        .isEqualTo("/CN=shop.example.test/O=Shop \\/ Co\\+1 \\\\ x");
    assertThat(Pki.subjArgument(List.of())).isEqualTo("/");
  }

  @Test
  void alternativeNamesCompareAsOpensslPrintsThem() {
    assertThat(Pki.normalised(List.of("dns:b.test", "IP:192.0.2.1", "DNS:a.test")))
        .containsExactly("DNS:a.test", "DNS:b.test", "IP Address:192.0.2.1");
    assertThat(Pki.normalised(List.of("IP Address:192.0.2.1")))
        .containsExactly("IP Address:192.0.2.1");
    assertThat(Pki.altNameLines(List.of("CN=x", "SAN: DNS:a.test, IP Address:192.0.2.1", "")))
        .containsExactly("DNS:a.test", "IP Address:192.0.2.1");
    assertThat(Pki.subjectLines(List.of("    CN=x", "    O=Shop, Inc", "SAN: DNS:a")))
        .containsExactly("CN=x", "O=Shop, Inc");
  }

  @Test
  void validityIsDaysOrWeeksFromNow() throws Exception {
    assertThat(X509Certificate.days("+3650d")).isEqualTo(3650);
    assertThat(X509Certificate.days("+2w3d")).isEqualTo(17);
    assertThatThrownBy(() -> X509Certificate.days("20301231000000Z"))
        .hasMessageContaining("+Nd or +Nw");
    assertThatThrownBy(() -> X509Certificate.days("+")).hasMessageContaining("+Nd or +Nw");
  }
}
