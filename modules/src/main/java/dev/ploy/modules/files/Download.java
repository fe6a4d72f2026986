package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A download run on the target with curl (or wget) into a temporary file beside the destination,
 * checked against the expected checksum. With curl the headers and credentials travel on standard
 * input as a curl config, so they never appear in a process list.
 */
record Download(
    String url,
    String tool,
    long timeout,
    Map<String, Object> headers,
    String user,
    String password,
    boolean validateCerts,
    Checksum checksum) {

  /** The file name a URL gives a download into a directory: its last path segment. */
  static String fileName(String url) {
    String path;
    try {
      path = URI.create(url).getPath();
    } catch (IllegalArgumentException e) {
      path = url.replaceAll("[?#].*", "");
    }
    if (path == null) {
      path = "";
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "index.html" : name;
  }

  /** Downloads into a new temporary file in dest's directory and returns its path. */
  String into(Target target, String dest) throws ModuleException {
    String dir = dest.contains("/") ? dest.substring(0, Math.max(1, dest.lastIndexOf('/'))) : ".";
    List<String> lines = new ArrayList<>();
    lines.add(
        "tmp=$(mktemp -- "
            + ShellQuote.quote(ShellQuote.operand(dir) + "/.ploy-download-")
            + "XXXXXXXX) || exit 1");
    lines.add(tool.equals("curl") ? curl() : wget());
    lines.add("rc=$?");
    lines.add("if [ $rc != 0 ]; then rm -f \"$tmp\"; exit 4; fi");
    if (checksum != null) {
      lines.add("got=$(" + checksum.algorithm() + "sum < \"$tmp\" | cut -d' ' -f1)");
      lines.add(
          "if [ \"$got\" != "
              + checksum.hex()
              + " ]; then rm -f \"$tmp\"; echo \"$got\" >&2; exit 5; fi");
    }
    lines.add("printf '\\n%s\\n' \"$tmp\"");
    Command command = Command.of(String.join("\n", lines));
    if (tool.equals("curl")) {
      command = command.withStdin(curlConfig());
    }
    ExecResult done = target.run(command);
    Map<String, Object> failed = new LinkedHashMap<>();
    failed.put("url", url);
    failed.put("dest", dest);
    if (done.rc() == 4) {
      String status = done.stdout().strip();
      failed.put("status_code", status.matches("\\d+") ? Integer.parseInt(status) : -1);
      failed.put("stderr", done.stderr());
      throw new ModuleException("Request failed: " + url + ": " + done.stderr().strip(), failed);
    }
    if (done.rc() == 5) {
      failed.put("checksum_src", done.stderr().strip());
      throw new ModuleException(
          "The checksum for "
              + dest
              + " did not match "
              + checksum.hex()
              + "; it was "
              + done.stderr().strip()
              + " (the download was discarded)",
          failed);
    }
    if (!done.ok()) {
      failed.put("stderr", done.stderr());
      throw new ModuleException(
          "cannot download " + url + " into " + dir + ": " + done.stderr().strip(), failed);
    }
    List<String> out = done.stdoutLines();
    return out.get(out.size() - 1);
  }

  private String curl() {
    List<String> argv =
        new ArrayList<>(List.of("curl", "--config", "-", "--silent", "--show-error"));
    argv.addAll(List.of("--fail", "--location", "--globoff"));
    argv.addAll(List.of("--connect-timeout", String.valueOf(timeout)));
    argv.addAll(List.of("--speed-time", String.valueOf(timeout), "--speed-limit", "1"));
    if (!validateCerts) {
      argv.add("--insecure");
    }
    argv.addAll(List.of("--write-out", "%{http_code}"));
    return ShellQuote.join(argv) + " --output \"$tmp\" -- " + ShellQuote.quote(url);
  }

  /** Headers and credentials as curl config lines, each value in curl's double quotes. */
  private String curlConfig() {
    StringBuilder config = new StringBuilder();
    headers.forEach(
        (name, value) ->
            config.append("header = ").append(curlQuote(name + ": " + value)).append('\n'));
    if (user != null) {
      config
          .append("user = ")
          .append(curlQuote(user + ":" + (password == null ? "" : password)))
          .append('\n');
    }
    return config.toString();
  }

  private static String curlQuote(String value) {
    return "\""
        + value
            .replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        + "\"";
  }

  private String wget() {
    List<String> argv = new ArrayList<>(List.of("wget", "--quiet", "--timeout=" + timeout));
    if (!validateCerts) {
      argv.add("--no-check-certificate");
    }
    headers.forEach((name, value) -> argv.add("--header=" + name + ": " + value));
    if (user != null) {
      argv.add("--user=" + user);
      argv.add("--password=" + (password == null ? "" : password));
      argv.add("--auth-no-challenge");
    }
    return ShellQuote.join(argv) + " -O \"$tmp\" -- " + ShellQuote.quote(url);
  }
}
