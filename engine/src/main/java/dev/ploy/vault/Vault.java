package dev.ploy.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The vault passwords of a run, and what they open: data in Ansible Vault's format ({@code
 * $ANSIBLE_VAULT;1.1;AES256} or {@code $ANSIBLE_VAULT;1.2;AES256;ID}, 80-column hex lines), whether
 * a whole file or one {@code !vault} value. Files written by ansible-vault open here, and what ploy
 * encrypts opens with ansible-vault.
 */
public final class Vault {
  public static final String HEADER = "$ANSIBLE_VAULT";
  private static final Vault NONE = new Vault(List.of());

  private final List<VaultSecret> secrets;

  public Vault(List<VaultSecret> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** A run without vault passwords: encrypted data is an error that says how to give one. */
  public static Vault none() {
    return NONE;
  }

  public List<VaultSecret> secrets() {
    return secrets;
  }

  public static boolean isEncrypted(String text) {
    return text.startsWith(HEADER + ";");
  }

  /** Whether a file starts as vault data does (only its first bytes are read). */
  public static boolean isEncrypted(java.nio.file.Path file) throws java.io.IOException {
    byte[] start = new byte[HEADER.length() + 1];
    int n;
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      n = in.readNBytes(start, 0, start.length);
    }
    return isEncrypted(new String(start, 0, n, StandardCharsets.US_ASCII));
  }

  /** The vault id a piece of vault data names in its header, or "default". */
  public static String idOf(String vaultText) throws VaultException {
    return Envelope.parse(vaultText).id();
  }

  /**
   * Decrypts vault data with the secret of the same vault id first, then with every other one (as
   * Ansible does: the id in the header is only a hint).
   */
  public byte[] decrypt(String vaultText) throws VaultException {
    return open(vaultText).plaintext();
  }

  /**
   * Decrypted data, the secret that opened it and the vault id its header names (to encrypt it
   * again after an edit, as it was).
   */
  public record Opened(byte[] plaintext, VaultSecret secret, String id) {
    /** The secret that opened the data, under the vault id of its header. */
    public VaultSecret reencrypting() {
      return new VaultSecret(id, secret.password());
    }
  }

  /** As {@link #decrypt}, also saying which secret opened the data. */
  public Opened open(String vaultText) throws VaultException {
    Envelope envelope = Envelope.parse(vaultText);
    if (secrets.isEmpty()) {
      throw new VaultException(
          "this is vault-encrypted and no vault password was given; add --ask-vault-pass,"
              + " --vault-password-file FILE or --vault-id [ID@]FILE");
    }
    List<VaultSecret> order = new ArrayList<>();
    secrets.stream().filter(s -> s.id().equals(envelope.id())).forEach(order::add);
    secrets.stream().filter(s -> !s.id().equals(envelope.id())).forEach(order::add);
    for (VaultSecret secret : order) {
      byte[] plain = VaultCipher.decrypt(envelope.payload(), secret.password());
      if (plain != null) {
        return new Opened(plain, secret, envelope.id());
      }
    }
    List<String> ids = secrets.stream().map(VaultSecret::id).distinct().toList();
    throw new VaultException(
        "no vault password given opens this (encrypted with vault id '"
            + envelope.id()
            + "'; tried "
            + String.join(", ", ids)
            + "): check the password file or --vault-id");
  }

  /** Decrypts vault data that holds text (UTF-8). */
  public String decryptText(String vaultText) throws VaultException {
    return new String(decrypt(vaultText), StandardCharsets.UTF_8);
  }

  /**
   * Encrypts with the given secret; the header names its vault id unless it is "default" (format
   * 1.1), as ansible-vault writes it. Ends with a newline.
   */
  public static String encrypt(byte[] plaintext, VaultSecret secret) {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    return encrypt(plaintext, secret, salt);
  }

  static String encrypt(byte[] plaintext, VaultSecret secret, byte[] salt) {
    String payload = VaultCipher.encrypt(plaintext, secret.password(), salt);
    StringBuilder out = new StringBuilder(HEADER);
    if (secret.id().equals(VaultSecret.DEFAULT_ID)) {
      out.append(";1.1;AES256");
    } else {
      out.append(";1.2;AES256;").append(secret.id());
    }
    out.append('\n');
    for (int i = 0; i < payload.length(); i += 80) {
      out.append(payload, i, Math.min(payload.length(), i + 80)).append('\n');
    }
    return out.toString();
  }

  /** The header line's fields and the hex payload of the lines after it. */
  private record Envelope(String id, String payload) {
    static Envelope parse(String text) throws VaultException {
      String[] lines = text.strip().split("\\R");
      String[] header = lines[0].strip().split(";");
      if (!header[0].equals(HEADER) || header.length < 3) {
        throw new VaultException(
            "not vault data: the first line must be like $ANSIBLE_VAULT;1.1;AES256");
      }
      String version = header[1].strip();
      if (!version.equals("1.1") && !version.equals("1.2")) {
        throw new VaultException(
            "unknown vault format version " + version + " (1.1 and 1.2 are read)");
      }
      if (!header[2].strip().equals("AES256")) {
        throw new VaultException("unknown vault cipher " + header[2].strip() + " (AES256 is read)");
      }
      String id = header.length >= 4 ? header[3].strip() : VaultSecret.DEFAULT_ID;
      StringBuilder payload = new StringBuilder();
      for (int i = 1; i < lines.length; i++) {
        payload.append(lines[i].strip());
      }
      return new Envelope(id, payload.toString());
    }
  }
}
