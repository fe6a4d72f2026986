package dev.ploy.vault;

/** Vault data could not be decrypted or encrypted; the message says why and what to do. */
public class VaultException extends Exception {
  public VaultException(String message) {
    super(message);
  }
}
