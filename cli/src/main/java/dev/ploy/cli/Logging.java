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

  static void configure(Optional<Path> logFile, int verbosity) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (logFile.isEmpty()) {
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
    encoder.start();
    FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setFile(logFile.get().toString());
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
    root.setLevel(Level.DEBUG);
  }
}
