package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a file from the target to the control node. The target's copy is compared by SHA-1 with
 * the local one first, so an unchanged file is neither transferred nor rewritten; the local file is
 * replaced atomically.
 */
public final class Fetch implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("fetch")
          .description(
              "Copies a file from the target to the control node, into dest/HOSTNAME/SRC-PATH (or"
                  + " exactly dest with flat). Transfers only when the checksums differ.")
          .arg(Arg.str("src", "The file on the target (not a directory).").required())
          .arg(
              Arg.str(
                      "dest",
                      "Directory on the control node (relative: to the playbook's directory);"
                          + " with flat, the file itself, or a directory when it ends in '/'.")
                  .required())
          .arg(
              Arg.bool(
                      "flat",
                      "Store at dest itself rather than under dest/HOSTNAME/ with src's full path.")
                  .defaultsTo(false))
          .arg(
              Arg.bool(
                      "fail_on_missing",
                      "Fail when src does not exist; false: report ok and transfer nothing.")
                  .defaultsTo(true))
          .arg(
              Arg.bool("validate_checksum", "Check the transferred file's checksum against src's.")
                  .defaultsTo(true)
                  .aliases("validate_md5"))
          .arg(
              Arg.str(
                  "mode",
                  "Ignored, as Ansible's fetch action ignores it (it is no argument of fetch;"
                      + " roles pass it as for copy): the local file gets the control node's"
                      + " default mode."))
          .example(
              "- name: Collect each node's configuration\n"
                  + "  ansible.builtin.fetch:\n"
                  + "    src: /etc/app/config.yml\n"
                  + "    dest: collected/\n"
                  + "  # -> collected/<inventory_hostname>/etc/app/config.yml\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String src = args.str("src");
    Remote remote = probe(target, src);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("file", src);
    switch (remote.state()) {
      case "absent" -> {
        if (args.bool("fail_on_missing")) {
          throw new ModuleException("the remote file does not exist: " + src, result);
        }
        result.put("msg", "the remote file does not exist, not transferring, ignored");
        return Plan.ok(result);
      }
      case "directory" ->
          throw new ModuleException(
              "remote file is a directory, fetch cannot work on directories: " + src, result);
      case "unreadable" ->
          throw new ModuleException(
              "file is not readable on the target: " + src + " (use become: true)", result);
      default -> {}
    }
    Path local = localPath(target, args, remote.path());
    if (Files.isDirectory(local)) {
      throw new ModuleException(
          "the local destination " + local + " is a directory; with flat, end dest with '/'",
          result);
    }
    String localSum = Files.isRegularFile(local) ? digest(local, "SHA-1") : null;
    result.put("dest", local.toString());
    result.put("remote_checksum", remote.checksum());
    result.put("checksum", remote.checksum());
    if (remote.checksum().equals(localSum)) {
      result.put("md5sum", digest(local, "MD5"));
      return Plan.ok(result);
    }
    boolean validate = args.bool("validate_checksum");
    return Plan.change(
        List.of(Diff.property(local.toString(), "checksum", localSum, remote.checksum())),
        result,
        on -> transfer(on, remote, local, validate));
  }

  /** What src is on the target, as the task's user sees it. */
  record Remote(String state, String path, String checksum) {}

  static Remote probe(Target target, String src) throws ModuleException {
    String script =
        String.join(
            "\n",
            "p=" + RemotePath.word(src),
            "if [ -d \"$p\" ]; then s=directory; elif ! [ -e \"$p\" ] && "
                + RemotePath.HIDDEN_BY_PARENT
                + "; then s=unreadable; elif ! [ -e \"$p\" ]; then s=absent;"
                + " elif ! [ -r \"$p\" ]; then s=unreadable; else"
                + " s=\"file $(sha1sum < \"$p\" | cut -d' ' -f1)\"; fi",
            "printf '%s\\n%s' \"$s\" \"$p\"");
    ExecResult probe = target.run(Command.of(script));
    if (!probe.ok()) {
      throw ModuleException.commandFailed(
          "cannot inspect " + src + ": " + probe.stderr().strip(), probe);
    }
    String out = probe.stdout();
    int newline = out.indexOf('\n');
    String state = out.substring(0, newline);
    String path = out.substring(newline + 1);
    if (state.startsWith("file ")) {
      return new Remote("file", path, state.substring(5).strip());
    }
    return new Remote(state, path, null);
  }

  /** Where the file goes on the control node, following Ansible's layout. */
  static Path localPath(Target target, Args args, String remotePath) throws ModuleException {
    String dest = args.str("dest");
    Object playbookDir = target.vars().get("playbook_dir");
    Path base = playbookDir == null ? Path.of("") : Path.of(String.valueOf(playbookDir));
    Path destPath = base.resolve(dest).toAbsolutePath().normalize();
    if (args.bool("flat")) {
      if (dest.endsWith("/") || Files.isDirectory(destPath)) {
        String name = remotePath.substring(remotePath.lastIndexOf('/') + 1);
        return destPath.resolve(name);
      }
      return destPath;
    }
    Path hostDir = destPath.resolve(target.host()).normalize();
    String relative = remotePath.replaceFirst("^/+", "");
    Path local = hostDir.resolve(relative).normalize();
    if (!local.startsWith(hostDir) || local.equals(hostDir)) {
      throw new ModuleException(
          "src " + remotePath + " would be stored outside " + hostDir + "; give an absolute src");
    }
    return local;
  }

  private static Map<String, Object> transfer(
      Target target, Remote remote, Path local, boolean validate) throws ModuleException {
    Path tmp;
    try {
      Files.createDirectories(local.getParent());
      tmp = Files.createTempFile(local.getParent(), "." + local.getFileName() + ".", ".part");
    } catch (IOException e) {
      throw new ModuleException("cannot write " + local + ": " + e.getMessage());
    }
    try {
      download(target, remote.path(), tmp);
      String got = digest(tmp, "SHA-1");
      if (validate && !got.equals(remote.checksum())) {
        throw new ModuleException(
            "checksum mismatch after transfer of "
                + remote.path()
                + ": expected "
                + remote.checksum()
                + ", got "
                + got
                + " (did the file change while it was copied?)");
      }
      try {
        Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
      }
      Map<String, Object> done = new LinkedHashMap<>();
      done.put("md5sum", digest(local, "MD5"));
      return done;
    } catch (IOException e) {
      throw new ModuleException("cannot write " + local + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the temporary file stays; nothing else to do
      }
    }
  }

  /**
   * Streams the file over the connection as the SSH user; when that user may not read it (become is
   * how the task sees it), reads it through the task's become as base64 instead.
   */
  private static void download(Target target, String remotePath, Path tmp)
      throws ModuleException, IOException {
    try (OutputStream sink = Files.newOutputStream(tmp)) {
      target.connection().download(remotePath, sink);
      return;
    } catch (ConnectionException e) {
      // not readable by the connecting user: fall back to the task's become below
    }
    String content = Slurp.read(target, remotePath);
    Files.write(tmp, Base64.getDecoder().decode(content));
  }

  static String digest(Path file, String algorithm) throws ModuleException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new ModuleException("cannot read " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
