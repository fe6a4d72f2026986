package dev.ploy.expr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The SHA-256 and SHA-512 crypt schemes of glibc ({@code $5$} and {@code $6$}, as in /etc/shadow),
 * written from Ulrich Drepper's specification "Unix crypt using SHA-256 and SHA-512".
 */
final class ShaCrypt {
  /** The rounds crypt(3) uses when the string names none; "rounds=" is written for any other. */
  static final int IMPLICIT_ROUNDS = 5000;

  static final String SALT_CHARS =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int MAX_SALT = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Which bytes of the final digest make each group of 4 characters, for SHA-256. */
  private static final int[][] ORDER_256 = {
    {0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14},
    {15, 25, 5}, {6, 16, 26}, {27, 7, 17}, {18, 28, 8}, {9, 19, 29}
  };

  /** Which bytes of the final digest make each group of 4 characters, for SHA-512. */
  private static final int[][] ORDER_512 = {
    {0, 21, 42},
    {22, 43, 1},
    {44, 2, 23},
    {3, 24, 45},
    {25, 46, 4},
    {47, 5, 26},
    {6, 27, 48},
    {28, 49, 7},
    {50, 8, 29},
    {9, 30, 51},
    {31, 52, 10},
    {53, 11, 32},
    {12, 33, 54},
    {34, 55, 13},
    {56, 14, 35},
    {15, 36, 57},
    {37, 58, 16},
    {59, 17, 38},
    {18, 39, 60},
    {40, 61, 19},
    {62, 20, 41}
  };

  private ShaCrypt() {}

  /**
   * The digest size of a hash type as password_hash and the password lookup's encrypt name it
   * (sha512, sha512_crypt, sha256, sha256_crypt), or -1 for a type ploy does not write.
   */
  static int bits(String hashType) {
    return switch (hashType) {
      case "sha512", "sha512_crypt" -> 512;
      case "sha256", "sha256_crypt" -> 256;
      default -> -1;
    };
  }

  /**
   * The rounds Ansible 2.14 hashes with when none are given (passlib's defaults): 656000 for
   * sha512_crypt, 535000 for sha256_crypt.
   */
  static int defaultRounds(int bits) {
    return bits == 512 ? 656_000 : 535_000;
  }

  /** The longest salt the schemes take. */
  static final int MAX_SALT_SIZE = MAX_SALT;

  /** A random salt of 16 characters from {@link #SALT_CHARS}. */
  static String randomSalt() {
    return randomSalt(MAX_SALT);
  }

  /** A random salt of {@code size} characters from {@link #SALT_CHARS}. */
  static String randomSalt(int size) {
    StringBuilder salt = new StringBuilder();
    for (int i = 0; i < size; i++) {
      salt.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
    }
    return salt.toString();
  }

  /**
   * The crypt string of {@code password}: {@code $6$salt$hash} ({@code bits} 512) or {@code $5$...}
   * (256); "rounds=N$" is written when {@code rounds} is not the default. The salt is cut at 16
   * characters, as crypt(3) does.
   */
  static String hash(String password, String salt, int rounds, int bits) {
    byte[] key = password.getBytes(StandardCharsets.UTF_8);
    String cut = salt.length() > MAX_SALT ? salt.substring(0, MAX_SALT) : salt;
    byte[] s = cut.getBytes(StandardCharsets.UTF_8);
    MessageDigest md = digest(bits == 512 ? "SHA-512" : "SHA-256");
    int size = md.getDigestLength();

    md.update(key);
    md.update(s);
    md.update(key);
    byte[] alternate = md.digest();

    md.update(key);
    md.update(s);
    for (int left = key.length; left > 0; left -= size) {
      md.update(alternate, 0, Math.min(left, size));
    }
    for (int length = key.length; length > 0; length >>= 1) {
      if ((length & 1) != 0) {
        md.update(alternate);
      } else {
        md.update(key);
      }
    }
    byte[] result = md.digest();

    for (int i = 0; i < key.length; i++) {
      md.update(key);
    }
    byte[] keySequence = repeat(md.digest(), key.length);
    for (int i = 0; i < 16 + (result[0] & 0xff); i++) {
      md.update(s);
    }
    byte[] saltSequence = repeat(md.digest(), s.length);

    for (int round = 0; round < rounds; round++) {
      boolean odd = (round & 1) != 0;
      md.update(odd ? keySequence : result);
      if (round % 3 != 0) {
        md.update(saltSequence);
      }
      if (round % 7 != 0) {
        md.update(keySequence);
      }
      md.update(odd ? result : keySequence);
      result = md.digest();
    }

    StringBuilder out = new StringBuilder(bits == 512 ? "$6$" : "$5$");
    if (rounds != IMPLICIT_ROUNDS) {
      out.append("rounds=").append(rounds).append('$');
    }
    out.append(cut).append('$');
    for (int[] group : bits == 512 ? ORDER_512 : ORDER_256) {
      encode(out, result[group[0]], result[group[1]], result[group[2]], 4);
    }
    if (bits == 512) {
      encode(out, (byte) 0, (byte) 0, result[63], 2);
    } else {
      encode(out, (byte) 0, result[31], result[30], 3);
    }
    return out.toString();
  }

  /** {@code length} bytes made of {@code block} repeated, the last copy cut short. */
  private static byte[] repeat(byte[] block, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i += block.length) {
      System.arraycopy(block, 0, out, i, Math.min(block.length, length - i));
    }
    return out;
  }

  /** crypt's base-64: the 24 bits b2 b1 b0, lowest 6 bits first, as {@code chars} characters. */
  private static void encode(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
    int bits = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
    for (int i = 0; i < chars; i++) {
      out.append(SALT_CHARS.charAt(bits & 0x3f));
      bits >>>= 6;
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }
}
