package dev.ploy.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The control node itself, as a target: commands run through /bin/sh, files are local files. */
public final class LocalConnection implements Connection {
  private final String host;

  public LocalConnection(String host) {
    this.host = host;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public ExecResult exec(Command command) throws ConnectionException {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command.wrapped());
    try {
      Process process = builder.start();
      CompletableFuture<byte[]> out = drain(process.getInputStream());
      CompletableFuture<byte[]> err = drain(process.getErrorStream());
      try (OutputStream stdin = process.getOutputStream()) {
        if (command.become().flatMap(Become::password).isPresent()) {
          stdin.write(
              (command.become().get().password().get() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (command.stdin() != null) {
          stdin.write(command.stdin());
        }
      } catch (IOException closedEarly) {
        // the command did not read all of its input; its exit code tells the rest
      }
      boolean finished;
      if (command.timeout().isPresent()) {
        finished = process.waitFor(command.timeout().get().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        process.waitFor();
        finished = true;
      }
      if (!finished) {
        process.destroyForcibly();
        throw new ConnectionException(
            "command timed out after " + command.timeout().get().toSeconds() + " s");
      }
      return new ExecResult(
          process.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConnectionException(
          "cannot start /bin/sh on the control node: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted", e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          try (stream) {
            stream.transferTo(buffer);
          } catch (IOException e) {
            // the process went away; keep what was read
          }
          return buffer.toByteArray();
        });
  }

  @Override
  public void upload(InputStream content, long size, String remotePath, int mode)
      throws ConnectionException {
    Path target = Path.of(remotePath);
    try {
      Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, permissions(mode));
    } catch (IOException e) {
      throw new ConnectionException("cannot write " + remotePath + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void download(String remotePath, OutputStream sink) throws ConnectionException {
    try {
      Files.copy(Path.of(remotePath), sink);
    } catch (IOException e) {
      throw new ConnectionException("cannot read " + remotePath + ": " + e.getMessage(), e);
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  @Override
  public void close() {}
}
