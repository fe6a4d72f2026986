package dev.ploy.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The control node itself, as a target: commands run through /bin/sh, files are local files. */
public final class LocalConnection implements Connection {
  private final String host;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

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
    Process process = null;
    try {
      process = builder.start();
      running.add(process);
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
      // waited for interruptibly: a background child that outlived the shell may hold the pipes
      return new ExecResult(
          process.exitValue(),
          new String(out.get(), StandardCharsets.UTF_8),
          new String(err.get(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConnectionException(
          "cannot start /bin/sh on the control node: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new ConnectionException("cannot read the command's output: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      kill(process.toHandle());
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted", e);
    } finally {
      if (process != null) {
        running.remove(process);
      }
    }
  }

  /** Kills every running command with all its descendants (a shell's background children too). */
  @Override
  public void interrupt() {
    for (Process process : List.copyOf(running)) {
      kill(process.toHandle());
    }
  }

  /**
   * Kills a process tree: the descendants are listed first, while they are still the process's (a
   * killed shell's children would go to init and out of reach).
   */
  private static void kill(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    for (ProcessHandle process : tree) {
      process.destroyForcibly();
    }
    // a child forked between the listing and the kill is a descendant of a killed process only
    // until that one is reaped: one more pass catches it
    for (ProcessHandle process : tree) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
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
      Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new ConnectionException("cannot write " + remotePath + ": " + e.getMessage(), e);
    }
    try (OutputStream out =
        Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[65536];
      int read;
      while ((read = content.read(buffer)) != -1) {
        if (Thread.currentThread().isInterrupted()) {
          throw new ConnectionException("interrupted while writing " + remotePath);
        }
        out.write(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new ConnectionException("cannot write " + remotePath + ": " + e.getMessage(), e);
    }
    try {
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
