package dev.ploy.modules.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The .sources file as ansible-core 2.15's deb822_repository writes it (read from its code:
 * ansible-core 2.14, the reference here, has no such module).
 */
class Deb822RepositoryTest {
  private static Map<String, String> fields(Map<String, Object> raw) throws ModuleException {
    return Deb822Repository.fields(Args.bind(new Deb822Repository().spec(), raw));
  }

  @Test
  void fieldsComeInTheOrderOfTheirOptionNamesAsTheAnsibleModuleSortsThem() throws Exception {
    String file =
        Deb822Repository.render(
            fields(
                Map.of(
                    "name",
                    "Docker CE",
                    "uris",
                    List.of("https://download.docker.com/linux/debian"),
                    "suites",
                    List.of("bookworm"),
                    "components",
                    List.of("stable", "test"),
                    "signed_by",
                    "/etc/apt/keyrings/docker.asc",
                    "enabled",
                    false,
                    "allow_insecure",
                    true,
                    "date_max_future",
                    10)));
    assertThat(file)
        .isEqualTo(
            "Allow-Insecure: yes\n"
                + "Components: stable test\n"
                + "Date-Max-Future: 10\n"
                + "Enabled: no\n"
                + "X-Repolib-Name: Docker CE\n"
                + "Signed-By: /etc/apt/keyrings/docker.asc\n"
                + "Suites: bookworm\n"
                + "Types: deb\n"
                + "URIs: https://download.docker.com/linux/debian\n");
  }

  @Test
  void anInlineKeyStartsOnTheNextLineIndentedWithBlankLinesAsDots() throws Exception {
    String key =
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n  =abcd\n-----END PGP PUBLIC KEY BLOCK-----\n";
    assertThat(Deb822Repository.render(fields(Map.of("name", "k", "signed_by", key))))
        .isEqualTo(
            "X-Repolib-Name: k\n"
                + "Signed-By:\n"
                + "    -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
                + "    .\n"
                + "    mQINBF\n"
                + "    =abcd\n"
                + "    -----END PGP PUBLIC KEY BLOCK-----\n"
                + "Types: deb\n");
  }

  @Test
  void theFileNameIsTheSlugOfTheName() throws Exception {
    assertThat(Deb822Repository.slug("Docker CE_stable")).isEqualTo("docker-ce-stable");
    assertThat(Deb822Repository.slug("x; $(touch /tmp/p)")).isEqualTo("x-touch-tmpp");
    assertThatThrownBy(() -> Deb822Repository.slug("../..")).isInstanceOf(ModuleException.class);
    assertThat(Deb822Repository.fieldName("check_valid_until")).isEqualTo("Check-Valid-Until");
  }

  @Test
  void valuesThatWouldAddFieldsOrEntriesAreRefused() {
    assertThatThrownBy(() -> fields(Map.of("name", "x", "suites", List.of("a\nEnabled: no"))))
        .hasMessageContaining("one word per item");
    assertThatThrownBy(() -> fields(Map.of("name", "x\nTrusted: yes")))
        .hasMessageContaining("one line");
    assertThatThrownBy(() -> fields(Map.of("name", "x", "types", List.of("rpm"))))
        .hasMessageContaining("deb and deb-src");
    assertThatThrownBy(() -> fields(Map.of("name", "x", "signed_by", "https://e.test/k.asc")))
        .hasMessageContaining("get_url");
  }
}
