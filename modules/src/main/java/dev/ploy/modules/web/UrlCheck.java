package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL fetched from the target itself (curl) after a reload: it must answer {@code status}, and
 * contain {@code text} when one is given. A reload takes effect a moment after it returns, so the
 * URL is asked again until it answers as expected or {@code timeout} has passed.
 */
record UrlCheck(String url, int status, String text, Duration timeout) {
  private static final Pattern URL = Pattern.compile("https?://[^\\s]+");
  private static final Pattern STATUS = Pattern.compile("\n@@status=(\\d{3})\n?$");
  private static final Duration PAUSE = Duration.ofMillis(500);

  /**
   * The problem with {@code url}, or null: only http(s) URLs, which curl never takes as options.
   */
  static String problem(String url) {
    return URL.matcher(url).matches()
        ? null
        : "check_url '" + url + "' is not an http:// or https:// URL";
  }

  /** What the last attempt saw: null when the URL answered as expected. */
  String failure(Target target) throws ModuleException {
    long end = System.nanoTime() + timeout.toNanos();
    String seen;
    while (true) {
      seen = attempt(target);
      if (seen == null || System.nanoTime() >= end) {
        return seen;
      }
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return seen;
      }
    }
  }

  private String attempt(Target target) throws ModuleException {
    ExecResult got =
        target.run(
            Command.of(
                "curl -sS --max-time 5 -w '\\n@@status=%{http_code}\\n' " + ShellQuote.quote(url)));
    Matcher matcher = STATUS.matcher(got.stdout());
    if (!matcher.find() || matcher.group(1).equals("000")) {
      return url + " did not answer: " + got.stderr().strip();
    }
    int answered = Integer.parseInt(matcher.group(1));
    String body = got.stdout().substring(0, matcher.start());
    if (answered != status) {
      return url + " answered " + answered + ", not " + status;
    }
    if (text != null && !body.contains(text)) {
      return url + " answered " + answered + " without '" + text + "'";
    }
    return null;
  }
}
