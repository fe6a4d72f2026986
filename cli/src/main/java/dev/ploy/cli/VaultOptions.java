package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.vault.Vault;
import dev.ploy.vault.VaultException;
import dev.ploy.vault.VaultPasswords;
import dev.ploy.vault.VaultSecret;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The vault password options of ansible-playbook and ansible-inventory; without any, the {@code
 * vault_password_file} of ploy.yml (or PLOY_VAULT_PASSWORD_FILE) is used.
 */
final class VaultOptions {
  @Option(
      names = "--vault-id",
      paramLabel = "[ID@]SOURCE",
      description =
          "A vault password: ID@FILE, ID@SCRIPT or ID@prompt (the ID is optional); repeatable.")
  List<String> vaultIds = new ArrayList<>();

  @Option(
      names = {"--vault-password-file", "--vault-pass-file"},
      paramLabel = "FILE",
      description = "A file holding the vault password, or a script printing it; repeatable.")
  List<Path> vaultPasswordFiles = new ArrayList<>();

  @Option(
      names = {"-J", "--ask-vault-pass", "--ask-vault-password"},
      description = "Ask for the vault password.")
  boolean askVaultPass;

  /** The passwords given, in order: --vault-id, --vault-password-file, --ask-vault-pass. */
  Vault vault(Config config) throws UsageException {
    List<VaultSecret> secrets = new ArrayList<>();
    try {
      for (String spec : vaultIds) {
        VaultPasswords.Source source = VaultPasswords.Source.parse(spec);
        secrets.add(source.isPrompt() ? prompt(source.id()) : VaultPasswords.fromSource(source));
      }
      for (Path file : vaultPasswordFiles) {
        secrets.add(VaultPasswords.fromFile(VaultSecret.DEFAULT_ID, file));
      }
      if (askVaultPass) {
        secrets.add(prompt(VaultSecret.DEFAULT_ID));
      }
      if (secrets.isEmpty()) {
        for (String file : config.list("vault_password_file")) {
          secrets.add(VaultPasswords.fromFile(VaultSecret.DEFAULT_ID, config.path(file)));
        }
      }
    } catch (VaultException e) {
      throw new UsageException(e.getMessage());
    }
    return new Vault(secrets);
  }

  private static VaultSecret prompt(String id) throws UsageException {
    Console console = System.console();
    if (console == null) {
      throw new UsageException(
          "the vault password cannot be asked: no terminal; use --vault-password-file FILE");
    }
    String label =
        id.equals(VaultSecret.DEFAULT_ID) ? "Vault password: " : "Vault password (" + id + "): ";
    char[] answer = console.readPassword("%s", label);
    String password = answer == null ? "" : new String(answer).strip();
    if (password.isEmpty()) {
      throw new UsageException("the vault password cannot be empty");
    }
    return new VaultSecret(id, password.getBytes(StandardCharsets.UTF_8));
  }
}
