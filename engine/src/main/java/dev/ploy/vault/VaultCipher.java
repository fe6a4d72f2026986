package dev.ploy.vault;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ansible Vault's AES256 cipher, byte for byte: keys from PBKDF2-HMAC-SHA256 (10000 iterations)
 * over a 32-byte salt, AES-256 in CTR mode over PKCS#7-padded data, an HMAC-SHA256 of the
 * ciphertext; the payload is "hex(salt)\nhex(hmac)\nhex(ciphertext)", hex-encoded once more.
 */
final class VaultCipher {
  private static final int ITERATIONS = 10_000;
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  private VaultCipher() {}

  /** The hex payload that follows the header line (without line breaks). */
  static String encrypt(byte[] plaintext, byte[] password, byte[] salt) {
    Keys keys = keys(password, salt);
    byte[] ciphertext = aes(Cipher.ENCRYPT_MODE, keys, pad(plaintext));
    byte[] hmac = hmac(keys, ciphertext);
    String inner =
        HEX.formatHex(salt) + "\n" + HEX.formatHex(hmac) + "\n" + HEX.formatHex(ciphertext);
    return HEX.formatHex(inner.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * The plaintext, or null when this password does not match (the HMAC differs).
   *
   * @throws VaultException when the payload is not vault data at all
   */
  static byte[] decrypt(String payload, byte[] password) throws VaultException {
    String[] parts;
    byte[] salt;
    byte[] hmac;
    byte[] ciphertext;
    try {
      String inner = new String(HEX.parseHex(payload), java.nio.charset.StandardCharsets.US_ASCII);
      parts = inner.split("\n", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("expected salt, HMAC and ciphertext");
      }
      salt = HEX.parseHex(parts[0]);
      hmac = HEX.parseHex(parts[1]);
      ciphertext = HEX.parseHex(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new VaultException("damaged vault data (" + e.getMessage() + ")");
    }
    Keys keys = keys(password, salt);
    if (!MessageDigest.isEqual(hmac, hmac(keys, ciphertext))) {
      return null;
    }
    return unpad(aes(Cipher.DECRYPT_MODE, keys, ciphertext));
  }

  private record Keys(byte[] aes, byte[] mac, byte[] iv) {}

  private static Keys keys(byte[] password, byte[] salt) {
    byte[] derived = pbkdf2(password, salt, 2 * KEY_BYTES + IV_BYTES);
    return new Keys(
        Arrays.copyOfRange(derived, 0, KEY_BYTES),
        Arrays.copyOfRange(derived, KEY_BYTES, 2 * KEY_BYTES),
        Arrays.copyOfRange(derived, 2 * KEY_BYTES, 2 * KEY_BYTES + IV_BYTES));
  }

  /**
   * PBKDF2-HMAC-SHA256 (RFC 8018) over the password's bytes as they are: the JDK's
   * PBKDF2WithHmacSHA256 takes chars and re-encodes them, which a password that is not UTF-8 would
   * not survive.
   */
  private static byte[] pbkdf2(byte[] password, byte[] salt, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(password, "HmacSHA256"));
      byte[] out = new byte[length];
      for (int block = 1, done = 0; done < length; block++) {
        mac.update(salt);
        byte[] u =
            mac.doFinal(
                new byte[] {
                  (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block
                });
        byte[] t = u.clone();
        for (int i = 1; i < ITERATIONS; i++) {
          u = mac.doFinal(u);
          for (int j = 0; j < t.length; j++) {
            t[j] ^= u[j];
          }
        }
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static byte[] aes(int mode, Keys keys, byte[] data) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(mode, new SecretKeySpec(keys.aes(), "AES"), new IvParameterSpec(keys.iv()));
      return cipher.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/CTR", e);
    }
  }

  private static byte[] hmac(Keys keys, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keys.mac(), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static byte[] pad(byte[] data) {
    int padding = 16 - data.length % 16;
    byte[] padded = Arrays.copyOf(data, data.length + padding);
    Arrays.fill(padded, data.length, padded.length, (byte) padding);
    return padded;
  }

  private static byte[] unpad(byte[] data) throws VaultException {
    int padding = data.length == 0 ? 0 : data[data.length - 1] & 0xff;
    if (padding < 1 || padding > 16 || padding > data.length) {
      throw new VaultException("damaged vault data (bad padding)");
    }
    return Arrays.copyOf(data, data.length - padding);
  }
}
