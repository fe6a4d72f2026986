package dev.ploy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Logback set up for a run: quiet by default, a full debug log with --log-file. */
final class Logging {
  private Logging() {}

  private static final String APPENDER = "LOG_FILE";

  /**
   * Sends the debug log to {@code logFile} (appended to, as Ansible's log_path), if one is given.
   * Returns whether a log file receives the run.
   */
  static boolean configure(Optional<Path> logFile) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return false;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    var previous = root.getAppender(APPENDER);
    if (previous != null) {
      root.detachAppender(previous);
      previous.stop();
    }
    if (logFile.isEmpty()) {
      root.setLevel(Level.WARN);
      return false;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
    encoder.start();
    FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName(APPENDER);
    file.setAppend(true);
    file.setFile(logFile.get().toString());
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
    root.setLevel(Level.DEBUG);
    // the SSH library's own debug lines (key exchange, channels) would drown the run's
    context.getLogger("net.schmizz").setLevel(Level.INFO);
    context.getLogger("com.hierynomus").setLevel(Level.INFO);
    return file.isStarted();
  }
}
