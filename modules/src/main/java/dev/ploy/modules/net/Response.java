package dev.ploy.modules.net;

import dev.ploy.expr.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What curl reported: status, redirects, time, final URL, headers of the last response, body. */
record Response(
    int status,
    int redirects,
    double seconds,
    String url,
    String error,
    Map<String, String> headers,
    String body) {

  /** Parses the uri script's output (before the body mark) and the body; null when malformed. */
  static Response parse(String head, String body) {
    String meta = null;
    StringBuilder error = new StringBuilder();
    Map<String, String> headers = new LinkedHashMap<>();
    String section = "";
    for (String line : head.split("\n")) {
      if (line.startsWith("@@meta ")) {
        meta = line.substring(7);
        section = "meta";
      } else if (line.equals("@@error") || line.equals("@@headers")) {
        section = line.substring(2);
      } else if (line.startsWith("@@")) {
        section = "";
      } else if (section.equals("error")) {
        error.append(line).append('\n');
      } else if (section.equals("headers")) {
        if (line.startsWith("HTTP/")) {
          headers.clear(); // a later response (after a redirect or 100 Continue)
        } else if (line.indexOf(':') > 0) {
          String name = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
          headers.merge(
              name.replace('-', '_'),
              line.substring(line.indexOf(':') + 1).strip(),
              (a, b) -> a + ", " + b);
        }
      }
    }
    if (meta == null) {
      return null;
    }
    String[] f = meta.split(" ", 5);
    if (f.length < 2) {
      return null;
    }
    int rc = Integer.parseInt(f[0]);
    int status = f.length > 1 && f[1].matches("\\d+") ? Integer.parseInt(f[1]) : 0;
    if (rc != 0 || status == 0) {
      status = -1;
    }
    return new Response(
        status,
        f.length > 2 && f[2].matches("\\d+") ? Integer.parseInt(f[2]) : 0,
        f.length > 3 ? parseDouble(f[3]) : 0,
        f.length > 4 ? f[4] : "",
        error.toString().strip(),
        headers,
        body);
  }

  private static double parseDouble(String text) {
    try {
      return Double.parseDouble(text.replace(',', '.'));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The result keys Ansible's uri reports. */
  Map<String, Object> result(String requested, boolean returnContent) {
    Map<String, Object> result = new LinkedHashMap<>();
    headers.forEach(result::put);
    result.put("status", status);
    result.put("url", url.isEmpty() ? requested : url);
    result.put("redirected", redirects > 0);
    result.put("elapsed", (int) Math.round(seconds));
    result.put(
        "msg",
        status < 0
            ? "Status code was -1: " + error
            : "OK (" + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes)");
    if (returnContent) {
      result.put("content", body);
    }
    String type = headers.getOrDefault("content_type", "");
    if (type.contains("json") && !body.isBlank()) {
      try {
        result.put("json", Json.parse(body));
      } catch (IllegalArgumentException e) {
        // not JSON after all: content (if asked) says what came
      }
    }
    return result;
  }
}
