package dev.ploy.modules.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionAndRequirementTest {
  private static final List<String> REMOTE =
      List.of(
          "ref: refs/heads/main\tHEAD",
          "1111111111111111111111111111111111111111\tHEAD",
          "2222222222222222222222222222222222222222\trefs/tags/v1",
          "3333333333333333333333333333333333333333\trefs/tags/v1^{}",
          "4444444444444444444444444444444444444444\trefs/heads/dev");

  @Test
  void versionsResolveToBranchesPeeledTagsAndCommits() {
    assertThat(Version.resolve("HEAD", REMOTE, ""))
        .isEqualTo(new Version("main", Version.Kind.BRANCH, "1".repeat(40)));
    assertThat(Version.resolve("v1", REMOTE, "").commit()).isEqualTo("3".repeat(40));
    assertThat(Version.resolve("dev", REMOTE, "").kind()).isEqualTo(Version.Kind.BRANCH);
    Version abbreviated = Version.resolve("abcdef1", List.of(), "");
    assertThat(abbreviated.commit()).isNull();
    assertThat(abbreviated.isAt("abcdef1234")).isTrue();
    assertThat(Version.resolve("abcdef1", List.of(), "abcdef1999").commit())
        .isEqualTo("abcdef1999");
    assertThat(Version.resolve("nope", REMOTE, "")).isNull();
  }

  @Test
  void requirementsCompareVersionsNumerically() {
    assertThat(Requirement.parse("Flask_Login>=1.9,<2").name()).isEqualTo("flask-login");
    assertThat(Requirement.parse("pkg>=1.9,<2").satisfiedBy("1.10")).isTrue();
    assertThat(Requirement.parse("pkg>=1.9,<2").satisfiedBy("2.0")).isFalse();
    assertThat(Requirement.parse("pkg==1.0").satisfiedBy("1")).isTrue();
    assertThat(Requirement.parse("pkg~=1.4").satisfiedBy("1.9")).isTrue();
    assertThat(Requirement.parse("pkg~=1.4.2").satisfiedBy("1.5")).isFalse();
    assertThat(Requirement.parse("pkg[extra]")).isNotNull();
    assertThat(Requirement.parse("./src/pkg")).isNull();
    assertThat(Requirement.parse("git+https://example.test/x.git")).isNull();
  }
}
