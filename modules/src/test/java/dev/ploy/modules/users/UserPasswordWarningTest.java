package dev.ploy.modules.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** user's warning for a password that is no crypt hash, as ansible-core 2.14's user module. */
class UserPasswordWarningTest {
  @Test
  void plaintextAndMalformedHashesAreWarnedAbout() {
    // ansible-core's user target: a plaintext password and a sha512 hash with '+' in it
    assertThat(UserModule.unhashedWarning("plaintextpassword"))
        .hasValueSatisfying(w -> assertThat(w).startsWith("The input password appears not"));
    assertThat(
            UserModule.unhashedWarning(
                "$6$rounds=656000$tgK3gYTyRLUmhyv2$lAFrYUQwn7E6VsjPOwQwoSx30lmpiU9r/E0Al7tzKrR9m"
                    + "kodcMEZGe9OXD0H/clOn6qdsUnaL4zefy5fG+++++"))
        .isPresent();
    assertThat(UserModule.unhashedWarning("$6$abcdefgh$tooshort")).isPresent();
    assertThat(UserModule.unhashedWarning("one$two")).isPresent();
  }

  @Test
  void hashesAndAccountDisablingValuesPass() {
    assertThat(
            UserModule.unhashedWarning(
                "$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip"
                    + "/cZ/1GM/O6IND4WQhG."))
        .isEmpty();
    assertThat(
            UserModule.unhashedWarning("$5$abcdefgh$gruCpC7VkOTspMQTTSAR8mtlO9Upms.fwqE5y16JVM."))
        .isEmpty();
    assertThat(UserModule.unhashedWarning("$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1")).isEmpty();
    assertThat(UserModule.unhashedWarning("!")).isEmpty();
    assertThat(UserModule.unhashedWarning("*")).isEmpty();
  }
}
