package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** check_url is an http(s) URL, so curl never takes it for an option or a local file. */
class UrlCheckTest {

  @Test
  void onlyHttpUrlsAreChecked() {
    assertThat(UrlCheck.problem("http://127.0.0.1/health")).isNull();
    assertThat(UrlCheck.problem("https://www.example.test:8443/a?b=c")).isNull();
    assertThat(UrlCheck.problem("-K/etc/shadow")).contains("is not an http:// or https:// URL");
    assertThat(UrlCheck.problem("file:///etc/shadow")).isNotNull();
    assertThat(UrlCheck.problem("http://x/ -o/etc/passwd")).isNotNull();
    assertThat(UrlCheck.problem("http://x/\n-o/etc/passwd")).isNotNull();
  }
}
