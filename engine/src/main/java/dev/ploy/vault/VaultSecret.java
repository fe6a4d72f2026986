package dev.ploy.vault;

import java.util.Arrays;

/**
 * One vault password and its vault id (Ansible's label: "default" unless given as {@code --vault-id
 * label@source}).
 */
public record VaultSecret(String id, byte[] password) {
  public static final String DEFAULT_ID = "default";

  public VaultSecret {
    if (password.length == 0) {
      throw new IllegalArgumentException("a vault password cannot be empty");
    }
    password = password.clone();
  }

  @Override
  public byte[] password() {
    return password.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VaultSecret that
        && id.equals(that.id)
        && Arrays.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(password);
  }

  @Override
  public String toString() {
    return "VaultSecret[" + id + "]";
  }
}
