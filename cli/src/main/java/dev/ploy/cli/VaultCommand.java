package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.config.ConfigException;
import dev.ploy.vault.Vault;
import dev.ploy.vault.VaultException;
import dev.ploy.vault.VaultPasswords;
import dev.ploy.vault.VaultSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ploy vault}: files and values in Ansible Vault's format, as ansible-vault encrypts,
 * decrypts and shows them; what one writes the other reads.
 */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description =
        "Encrypt, decrypt and view secrets in Ansible Vault's format, like ansible-vault.",
    subcommands = {
      VaultCommand.Encrypt.class,
      VaultCommand.Decrypt.class,
      VaultCommand.View.class,
      VaultCommand.EncryptString.class,
      VaultCommand.Rekey.class,
      VaultCommand.Create.class,
      VaultCommand.Edit.class
    })
final class VaultCommand {
  @ParentCommand PloyCommand ploy;

  /** The passwords every subcommand takes, and which of them encrypts. */
  static final class Passwords {
    @Mixin VaultOptions options = new VaultOptions();

    @Option(
        names = "--encrypt-vault-id",
        paramLabel = "ID",
        description = "The vault id whose password encrypts, when several are given.")
    String encryptId;

    Vault vault(VaultCommand command) throws UsageException {
      Vault vault;
      try {
        vault = options.vault(Config.load(Path.of("."), command.ploy.environment()));
      } catch (ConfigException e) {
        throw new UsageException(e.getMessage());
      }
      if (vault.secrets().isEmpty()) {
        throw new UsageException(
            "give a vault password: --vault-password-file FILE, --vault-id [ID@]FILE or"
                + " --ask-vault-pass");
      }
      return vault;
    }

    VaultSecret encryptingSecret(Vault vault) throws UsageException {
      List<VaultSecret> secrets = vault.secrets();
      if (encryptId != null) {
        return secrets.stream()
            .filter(s -> s.id().equals(encryptId))
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "--encrypt-vault-id "
                            + encryptId
                            + ": no password was given with that vault id (--vault-id "
                            + encryptId
                            + "@FILE)"));
      }
      if (secrets.size() > 1) {
        throw new UsageException(
            "several vault passwords were given: choose the one that encrypts with"
                + " --encrypt-vault-id ID");
      }
      return secrets.get(0);
    }
  }

  /** The content as a vault file's text, in ASCII as ansible-vault writes it. */
  private static byte[] encrypted(byte[] content, VaultSecret secret) {
    return Vault.encrypt(content, secret).getBytes(StandardCharsets.US_ASCII);
  }

  /** A vault file's content decrypted; refused when it is not vault-encrypted. */
  private static byte[] decrypted(Vault vault, byte[] content) throws VaultException {
    String text = new String(content, StandardCharsets.UTF_8);
    if (!Vault.isEncrypted(text)) {
      throw new VaultException("not vault-encrypted");
    }
    return vault.decrypt(text);
  }

  /** Reads a file, or standard input for "-". */
  private static byte[] read(String name) throws IOException {
    return name.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(name));
  }

  /**
   * Writes beside the file and renames over it, keeping its permissions: an interrupted run leaves
   * the old file or the new one, never half of it. "-" is standard output.
   */
  private static void write(String name, byte[] content, PrintStream out) throws IOException {
    if (name.equals("-")) {
      out.write(content);
      out.flush();
      return;
    }
    Path file = Path.of(name).toAbsolutePath();
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".ploy-tmp");
    try {
      Set<PosixFilePermission> mode =
          Files.exists(file)
              ? Files.getPosixFilePermissions(file)
              : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      Files.write(temp, content);
      Files.setPosixFilePermissions(temp, mode);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A subcommand with the vault password options, whose failures print as ansible-vault's do: a
   * usage problem exits 5, a file or vault problem 1.
   */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand VaultCommand vault;
    @Mixin Passwords passwords = new Passwords();

    abstract int act(PrintStream out, PrintStream err)
        throws UsageException, VaultException, IOException;

    @Override
    public Integer call() {
      PrintStream err = vault.ploy.err();
      try {
        return act(vault.ploy.out(), err);
      } catch (UsageException e) {
        err.println("ERROR! " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      } catch (VaultException | IOException e) {
        err.println("ERROR! " + e.getMessage());
        return ExitCodes.ERROR;
      }
    }
  }

  /** Encrypts or decrypts each file in place, or into --output. */
  abstract static class Rewrite extends Action {
    @Option(
        names = "--output",
        paramLabel = "FILE",
        description = "Write here instead of over the file ('-' for standard output).")
    String output;

    @Parameters(
        paramLabel = "FILE",
        arity = "1..*",
        description = "Files ('-' for standard input).")
    List<String> files = new ArrayList<>();

    abstract byte[] transform(Vault vault, String name, byte[] content)
        throws UsageException, VaultException;

    abstract String done();

    /** A usage problem stops at once; a file that fails is named, and the next is done. */
    @Override
    int act(PrintStream out, PrintStream err) throws UsageException {
      Vault secrets = passwords.vault(vault);
      if (output != null && files.size() > 1) {
        throw new UsageException("--output takes one FILE");
      }
      int code = ExitCodes.OK;
      for (String name : files) {
        try {
          byte[] result = transform(secrets, name, read(name));
          write(output != null ? output : name, result, out);
          if (!"-".equals(output != null ? output : name)) {
            err.println(done() + ": " + name);
          }
        } catch (VaultException | IOException e) {
          err.println("ERROR! " + name + ": " + e.getMessage());
          code = ExitCodes.ERROR;
        }
      }
      return code;
    }
  }

  @Command(
      name = "encrypt",
      mixinStandardHelpOptions = true,
      description = "Encrypt files in place (or into --output).")
  static final class Encrypt extends Rewrite {
    @Override
    byte[] transform(Vault vault, String name, byte[] content)
        throws UsageException, VaultException {
      if (Vault.isEncrypted(new String(content, StandardCharsets.UTF_8))) {
        throw new VaultException("already vault-encrypted");
      }
      return encrypted(content, passwords.encryptingSecret(vault));
    }

    @Override
    String done() {
      return "Encrypted";
    }
  }

  @Command(
      name = "decrypt",
      mixinStandardHelpOptions = true,
      description = "Decrypt files in place (or into --output).")
  static final class Decrypt extends Rewrite {
    @Override
    byte[] transform(Vault vault, String name, byte[] content) throws VaultException {
      return decrypted(vault, content);
    }

    @Override
    String done() {
      return "Decrypted";
    }
  }

  @Command(
      name = "view",
      mixinStandardHelpOptions = true,
      description = "Print the decrypted content of files.")
  static final class View extends Action {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Vault-encrypted files.")
    List<String> files = new ArrayList<>();

    @Override
    int act(PrintStream out, PrintStream err) throws UsageException, VaultException, IOException {
      Vault secrets = passwords.vault(vault);
      for (String name : files) {
        out.write(secrets.decrypt(new String(read(name), StandardCharsets.UTF_8)));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "encrypt_string",
      aliases = "encrypt-string",
      mixinStandardHelpOptions = true,
      description =
          "Print values as !vault blocks to paste into YAML (the n-th --name names the n-th"
              + " value); with no value, read one from standard input.")
  static final class EncryptString extends Action {
    @Option(
        names = {"-n", "--name"},
        paramLabel = "NAME",
        description = "The variable name of each value.")
    List<String> names = new ArrayList<>();

    @Parameters(paramLabel = "VALUE", arity = "0..*", description = "The values to encrypt.")
    List<String> values = new ArrayList<>();

    @Override
    int act(PrintStream out, PrintStream err) throws UsageException, IOException {
      VaultSecret secret = passwords.encryptingSecret(passwords.vault(vault));
      List<String> plain = new ArrayList<>(values);
      if (plain.isEmpty()) {
        plain.add(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
      }
      if (names.size() > plain.size()) {
        throw new UsageException("more --name options than values");
      }
      for (int i = 0; i < plain.size(); i++) {
        String name = i < names.size() ? names.get(i) + ": " : "";
        out.println(name + "!vault |");
        Vault.encrypt(plain.get(i).getBytes(StandardCharsets.UTF_8), secret)
            .lines()
            .forEach(line -> out.println("          " + line));
      }
      err.println("Encryption successful");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "rekey",
      mixinStandardHelpOptions = true,
      description = "Encrypt files again with another password (--new-vault-password-file).")
  static final class Rekey extends Rewrite {
    @Option(
        names = "--new-vault-password-file",
        paramLabel = "FILE",
        description = "The new password's file (or script).")
    Path newPasswordFile;

    @Option(
        names = "--new-vault-id",
        paramLabel = "[ID@]SOURCE",
        description = "The new password, with its vault id.")
    String newVaultId;

    @Override
    byte[] transform(Vault vault, String name, byte[] content)
        throws UsageException, VaultException {
      if (newPasswordFile == null && newVaultId == null) {
        throw new UsageException("give the new password: --new-vault-password-file FILE");
      }
      VaultSecret secret =
          newVaultId != null
              ? VaultPasswords.fromSource(VaultPasswords.Source.parse(newVaultId))
              : VaultPasswords.fromFile(VaultSecret.DEFAULT_ID, newPasswordFile);
      return encrypted(decrypted(vault, content), secret);
    }

    @Override
    String done() {
      return "Rekeyed";
    }
  }

  /**
   * Runs $EDITOR on a plaintext copy kept in a private temporary directory, removed afterwards
   * (overwritten first); returns what was saved.
   */
  private static byte[] editPrivately(VaultCommand command, byte[] content, String name)
      throws IOException, UsageException {
    Path dir =
        Files.createTempDirectory(
            "ploy-vault-",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try {
      Files.write(file, content);
      String editor = command.ploy.environment().getOrDefault("EDITOR", "vi");
      Process process =
          new ProcessBuilder("/bin/sh", "-c", editor + " \"$1\"", "sh", file.toString())
              .inheritIO()
              .start();
      int code = process.waitFor();
      if (code != 0) {
        throw new UsageException(
            "the editor (" + editor + ") exited with " + code + "; nothing saved");
      }
      return Files.readAllBytes(file);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted");
    } finally {
      if (Files.exists(file)) {
        Files.write(file, new byte[(int) Files.size(file)]);
        Files.delete(file);
      }
      Files.delete(dir);
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Write a new encrypted file with $EDITOR.")
  static final class Create extends Action {
    @Parameters(paramLabel = "FILE", description = "The file to create.")
    String name;

    @Override
    int act(PrintStream out, PrintStream err) throws UsageException, IOException {
      if (Files.exists(Path.of(name))) {
        throw new UsageException(name + " exists; use 'ploy vault edit' to change it");
      }
      VaultSecret secret = passwords.encryptingSecret(passwords.vault(vault));
      byte[] content = editPrivately(vault, new byte[0], name);
      if (content.length == 0) {
        err.println("nothing written: the file was left empty");
        return ExitCodes.OK;
      }
      write(name, encrypted(content, secret), out);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "edit",
      mixinStandardHelpOptions = true,
      description =
          "Change an encrypted file with $EDITOR; it is encrypted again with the password that"
              + " opened it, and left as it was when nothing changed.")
  static final class Edit extends Action {
    @Parameters(paramLabel = "FILE", description = "The encrypted file.")
    String name;

    @Override
    int act(PrintStream out, PrintStream err) throws UsageException, VaultException, IOException {
      Vault secrets = passwords.vault(vault);
      Vault.Opened opened;
      try {
        opened =
            secrets.open(new String(Files.readAllBytes(Path.of(name)), StandardCharsets.UTF_8));
      } catch (VaultException e) {
        throw new VaultException(name + ": " + e.getMessage());
      }
      byte[] edited = editPrivately(vault, opened.plaintext(), name);
      if (java.util.Arrays.equals(edited, opened.plaintext())) {
        err.println("unchanged: " + name);
        return ExitCodes.OK;
      }
      write(name, encrypted(edited, opened.reencrypting()), out);
      return ExitCodes.OK;
    }
  }
}
