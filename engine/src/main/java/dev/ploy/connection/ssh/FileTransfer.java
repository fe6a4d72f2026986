package dev.ploy.connection.ssh;

import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ShellQuote;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * Files moved to and from the target: over SFTP, or through {@code cat} in a channel of its own
 * when the server offers no SFTP subsystem.
 */
final class FileTransfer {
  private static final int SFTP_PIPELINE = 16;

  private final SshTransport transport;
  private final ChannelCommands commands;
  private final RunningCommands running;
  private volatile boolean sftpUnavailable;

  FileTransfer(SshTransport transport, ChannelCommands commands, RunningCommands running) {
    this.transport = transport;
    this.commands = commands;
    this.running = running;
  }

  /** See {@link dev.ploy.connection.Connection#upload}. */
  void upload(InputStream content, long size, String remotePath, int mode)
      throws ConnectionException {
    ExactLength input = new ExactLength(content, size);
    if (!sftpUnavailable) {
      transport.acquire();
      try {
        SFTPClient sftp = openSftp();
        if (sftp != null) {
          IOException failure = null;
          running.transferStarted(sftp);
          try {
            uploadSftp(sftp, input, remotePath, mode);
          } catch (IOException e) {
            failure = e;
          } finally {
            running.transferEnded(sftp);
          }
          failure = closeAfter(sftp, failure);
          if (failure != null) {
            throw new ConnectionException(
                transport.host()
                    + ": cannot write "
                    + remotePath
                    + ": "
                    + SshClients.describe(failure),
                failure);
          }
          return;
        }
      } finally {
        transport.release();
      }
    }
    String octal = String.format("%04o", mode & 07777);
    String script =
        "cat > "
            + ShellQuote.quote(remotePath)
            + " && chmod "
            + octal
            + " "
            + ShellQuote.quote(remotePath);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        commands.run(
            ShellQuote.join("/bin/sh", "-c", script),
            new byte[0],
            input,
            OutputStream.nullOutputStream(),
            err,
            Optional.empty(),
            Optional.empty());
    if (input.remaining() > 0) {
      throw new ConnectionException(
          transport.host() + ": cannot write " + remotePath + ": " + input.shortMessage());
    }
    if (rc != 0) {
      throw new ConnectionException(
          transport.host()
              + ": cannot write "
              + remotePath
              + ": "
              + err.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private static void uploadSftp(SFTPClient sftp, ExactLength input, String remotePath, int mode)
      throws IOException {
    FileAttributes attributes = new FileAttributes.Builder().withPermissions(mode & 07777).build();
    RemoteFile file =
        sftp.open(
            remotePath, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC), attributes);
    // Not try-with-resources: once the connection drops, sshj throws the same exception instance
    // from the write and from every close, and adding an exception to itself as suppressed fails
    // with an IllegalArgumentException that hid the real cause.
    IOException failure = null;
    try {
      int chunk = sftp.getSFTPEngine().getSubsystem().getRemoteMaxPacketSize();
      chunk = Math.max(1024, Math.min(32768, chunk) - file.getOutgoingPacketOverhead());
      byte[] buffer = new byte[chunk];
      OutputStream out = file.new RemoteFileOutputStream(0, SFTP_PIPELINE);
      try {
        int read;
        while ((read = input.read(buffer)) != -1) {
          out.write(buffer, 0, read);
        }
      } catch (IOException e) {
        failure = e;
      }
      failure = closeAfter(out, failure);
    } finally {
      failure = closeAfter(file, failure);
    }
    if (failure != null) {
      throw failure;
    }
    // open() applies the mode to new files only, and through the server's umask
    sftp.chmod(remotePath, mode & 07777);
  }

  /** See {@link dev.ploy.connection.Connection#download}. */
  void download(String remotePath, OutputStream sink) throws ConnectionException {
    if (!sftpUnavailable) {
      transport.acquire();
      try {
        SFTPClient sftp = openSftp();
        if (sftp != null) {
          running.transferStarted(sftp);
          try (sftp;
              RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.READ));
              InputStream in = file.new ReadAheadRemoteFileInputStream(SFTP_PIPELINE)) {
            in.transferTo(sink);
          } catch (IOException e) {
            throw new ConnectionException(
                transport.host() + ": cannot read " + remotePath + ": " + SshClients.describe(e),
                e);
          } finally {
            running.transferEnded(sftp);
          }
          return;
        }
      } finally {
        transport.release();
      }
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        commands.run(
            ShellQuote.join("cat", "--", remotePath),
            new byte[0],
            InputStream.nullInputStream(),
            sink,
            err,
            Optional.empty(),
            Optional.empty());
    if (rc != 0) {
      throw new ConnectionException(
          transport.host()
              + ": cannot read "
              + remotePath
              + ": "
              + err.toString(StandardCharsets.UTF_8).strip());
    }
  }

  /** An SFTP client, or null when the server has no SFTP subsystem (then exec is used). */
  private SFTPClient openSftp() throws ConnectionException {
    SSHClient client = transport.current();
    try {
      return client.newSFTPClient();
    } catch (IOException e) {
      if (SshTransport.transportFailed(client, e)) {
        SSHClient fresh = transport.reconnect(client);
        try {
          return fresh.newSFTPClient();
        } catch (IOException again) {
          if (SshTransport.transportFailed(fresh, again)) {
            throw transport.lost("opening SFTP", again);
          }
        }
      }
      sftpUnavailable = true;
      return null;
    }
  }

  /** Makes transfers use exec as if the server had no SFTP subsystem (for tests). */
  void disableSftp() {
    sftpUnavailable = true;
  }

  /**
   * Closes {@code resource} after work that ended with {@code failure} (null when it succeeded);
   * returns the failure to report, the close's own when the work had none.
   */
  private static IOException closeAfter(Closeable resource, IOException failure) {
    try {
      resource.close();
    } catch (IOException e) {
      if (failure == null) {
        return e;
      }
      if (e != failure) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  /** Reads exactly {@code size} bytes of the caller's content, never more. */
  private static final class ExactLength extends InputStream {
    private final InputStream in;
    private final long size;
    private long remaining;

    ExactLength(InputStream in, long size) {
      this.in = in;
      this.size = size;
      this.remaining = size;
    }

    long remaining() {
      return remaining;
    }

    String shortMessage() {
      return "the content ended after " + (size - remaining) + " of " + size + " bytes";
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int read = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (read == -1) {
        throw new IOException(shortMessage());
      }
      remaining -= read;
      return read;
    }
  }
}
