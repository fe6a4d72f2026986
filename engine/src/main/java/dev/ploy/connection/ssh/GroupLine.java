package dev.ploy.connection.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * The standard error of a command run in a channel of its own, whose first line is the process
 * group the command runs in on the target ({@link #PRINT} prints it: sshd makes each session its
 * own session and process group, led by the login shell). That line is taken off and the group
 * handed to a callback; the rest goes to the command's sink as it came. A first line that is no
 * number (a login script that wrote to standard error first) is passed on, and the group stays
 * unknown.
 */
final class GroupLine extends OutputStream {
  /** Prefixed to the command line: prints the login shell's process id, its group's. */
  static final String PRINT = "printf '%s\\n' \"$$\" >&2; ";

  private final OutputStream sink;
  private final LongConsumer found;
  private final ByteArrayOutputStream first = new ByteArrayOutputStream();
  private boolean passing;
  private long group;

  GroupLine(OutputStream sink, LongConsumer found) {
    this.sink = sink;
    this.found = found;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (passing) {
      sink.write(bytes, offset, length);
      return;
    }
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      first.write(bytes, offset, i - offset);
      passing = true;
      String line = first.toString(StandardCharsets.US_ASCII);
      if (line.matches("[0-9]{1,10}")) {
        group = Long.parseLong(line);
        found.accept(group);
      } else {
        sink.write(first.toByteArray());
        sink.write('\n');
      }
      sink.write(bytes, i + 1, offset + length - i - 1);
      return;
    }
    first.write(bytes, offset, length);
  }

  /** The command ended: a first line never ended is passed on. */
  synchronized void finish() {
    if (!passing) {
      passing = true;
      try {
        sink.write(first.toByteArray());
      } catch (IOException e) {
        // the command's output is lost either way
      }
    }
  }

  /** The group read, 0 when none was. */
  synchronized long group() {
    return group;
  }
}
