package dev.ploy.modules.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a plain password matches what PostgreSQL stores in pg_authid.rolpassword: a SCRAM-SHA-256
 * verifier (RFC 5802/7677) or an "md5" hash of password and role name. This is how a second run
 * knows the password is already set, without setting it again.
 */
final class Scram {
  private Scram() {}

  static boolean matches(String stored, String password, String role) {
    if (stored == null || stored.isEmpty()) {
      return false;
    }
    if (stored.startsWith("md5")) {
      return stored.equals("md5" + md5Hex(password + role));
    }
    if (stored.startsWith("SCRAM-SHA-256$")) {
      return scramMatches(stored, password);
    }
    return stored.equals(password);
  }

  /** SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey, salt and keys in base64. */
  private static boolean scramMatches(String stored, String password) {
    String[] parts = stored.substring("SCRAM-SHA-256$".length()).split("[$:]");
    if (parts.length != 4) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[0]);
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] storedKey = Base64.getDecoder().decode(parts[2]);
      byte[] serverKey = Base64.getDecoder().decode(parts[3]);
      SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      byte[] salted =
          pbkdf2
              .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
              .getEncoded();
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] computedStored = MessageDigest.getInstance("SHA-256").digest(clientKey);
      return MessageDigest.isEqual(computedStored, storedKey)
          && MessageDigest.isEqual(hmac(salted, "Server Key"), serverKey);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is part of every Java runtime", e);
    }
  }
}
