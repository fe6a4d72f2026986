package dev.ploy.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where vault passwords come from, as ansible-playbook takes them: {@code --vault-id [ID@]SOURCE}
 * and {@code --vault-password-file FILE}. A source is "prompt", a file whose content (trimmed) is
 * the password, or an executable file whose output is; a script named {@code *-client[.ext]} is
 * asked for one vault id with {@code --vault-id ID}.
 */
public final class VaultPasswords {
  private VaultPasswords() {}

  /** One {@code --vault-id} value, split into its vault id and its source. */
  public record Source(String id, String source) {
    public boolean isPrompt() {
      return source.equals("prompt") || source.equals("prompt_ask_vault_pass");
    }

    public static Source parse(String spec) throws VaultException {
      int at = spec.indexOf('@');
      String id = at < 0 ? VaultSecret.DEFAULT_ID : spec.substring(0, at);
      String source = at < 0 ? spec : spec.substring(at + 1);
      if (id.isEmpty() || source.isEmpty() || id.contains(";")) {
        throw new VaultException(
            "--vault-id takes ID@SOURCE or SOURCE (a password file, a script or 'prompt'), not '"
                + spec
                + "'");
      }
      return new Source(id, source);
    }
  }

  /** The secret a --vault-id source gives, other than "prompt" (which only a terminal can). */
  public static VaultSecret fromSource(Source source) throws VaultException {
    String path = source.source();
    if (path.startsWith("~/")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return fromFile(source.id(), Path.of(path));
  }

  /** The password in a file, or printed by it when it is executable. */
  public static VaultSecret fromFile(String id, Path file) throws VaultException {
    if (!Files.isRegularFile(file)) {
      throw new VaultException("the vault password file " + file + " was not found");
    }
    byte[] password;
    if (Files.isExecutable(file)) {
      password = strip(run(id, file), "\r\n");
    } else {
      try {
        password = strip(Files.readAllBytes(file), " \t\r\n\u000b\f");
      } catch (IOException e) {
        throw new VaultException(
            "cannot read the vault password file " + file + ": " + e.getMessage());
      }
    }
    if (password.length == 0) {
      throw new VaultException("the vault password from " + file + " is empty");
    }
    return new VaultSecret(id, password);
  }

  private static byte[] run(String id, Path script) throws VaultException {
    List<String> command = new ArrayList<>(List.of(script.toAbsolutePath().toString()));
    String name = script.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if ((dot > 0 ? name.substring(0, dot) : name).endsWith("-client")) {
      command.addAll(List.of("--vault-id", id));
    }
    try {
      // stderr and stdin stay the terminal's, so that a script can ask for a password itself.
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      int code = process.waitFor();
      if (code != 0) {
        throw new VaultException(
            "the vault password script "
                + script
                + " exited with "
                + code
                + "; run it by hand to see why");
      }
      return out;
    } catch (IOException e) {
      throw new VaultException(
          "cannot run the vault password script "
              + script
              + " ("
              + e.getMessage()
              + "); if it is not a script, remove its executable bit");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultException("interrupted while running " + script);
    }
  }

  private static byte[] strip(byte[] bytes, String chars) {
    int start = 0;
    int end = bytes.length;
    while (start < end && chars.indexOf(bytes[start]) >= 0) {
      start++;
    }
    while (end > start && chars.indexOf(bytes[end - 1]) >= 0) {
      end--;
    }
    return Arrays.copyOfRange(bytes, start, end);
  }
}
