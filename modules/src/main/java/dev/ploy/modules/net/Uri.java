package dev.ploy.modules.net;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.expr.Json;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.Attributes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes an HTTP request from the target with curl. Everything about the request (URL, headers,
 * credentials, body) travels on curl's standard input as a config file ({@code curl -K -}), so no
 * value reaches a shell or the process list. GET and HEAD run while planning (also in check mode);
 * other methods, and downloads to dest, run only for real.
 */
public final class Uri implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("uri")
          .description(
              "Sends an HTTP(S) request from the target (with curl) and checks the status. Returns"
                  + " status, headers (lower-case keys), content and json. Never changed, except"
                  + " when dest receives new content. Needs curl on the target.")
          .arg(Arg.str("url", "The URL, as the target reaches it.").required())
          .arg(Arg.str("method", "HTTP method.").defaultsTo("GET"))
          .arg(Arg.raw("body", "Request body; a mapping or list with body_format json/form."))
          .arg(
              Arg.str("body_format", "How body is encoded: raw, json or form-urlencoded.")
                  .choices("raw", "json", "form-urlencoded")
                  .defaultsTo("raw"))
          .arg(Arg.dict("headers", "Request headers."))
          .arg(
              Arg.list("status_code", "Statuses that count as success.")
                  .elements(ArgType.INT)
                  .defaultsTo(List.of(200L)))
          .arg(Arg.bool("return_content", "Return the body as content.").defaultsTo(false))
          .arg(Arg.bool("validate_certs", "Verify the server's TLS certificate.").defaultsTo(true))
          .arg(Arg.integer("timeout", "Seconds the whole request may take.").defaultsTo(30L))
          .arg(Arg.path("dest", "Save the body to this file on the target (changed if new)."))
          .arg(Arg.str("url_username", "User for HTTP authentication.").aliases("user"))
          .arg(
              Arg.str("url_password", "Password for HTTP authentication.")
                  .aliases("password")
                  .secret())
          .arg(Arg.bool("force_basic_auth", "Send basic credentials up front.").defaultsTo(false))
          .arg(
              Arg.str("follow_redirects", "all, none, or safe (only for GET and HEAD).")
                  .choices("all", "none", "safe", "urllib2", "yes", "no")
                  .defaultsTo("safe"))
          .arg(Arg.path("creates", "Skip the request when this file exists on the target."))
          .arg(Arg.path("removes", "Skip the request unless this file exists on the target."))
          .notHonoured(
              Arg.str("attributes", "Filesystem attributes of dest (chattr).").aliases("attr"))
          .notHonoured(Arg.str("ca_path", "CA certificates to trust."))
          .notHonoured(Arg.list("ciphers", "TLS ciphers to use."))
          .notHonoured(Arg.path("client_cert", "Client certificate (PEM) for TLS."))
          .notHonoured(Arg.path("client_key", "Client key (PEM) for TLS."))
          .notHonoured(Arg.bool("decompress", "Decompress a gzip response.").defaultsTo(true))
          .notHonoured(
              Arg.bool("force", "Download dest again even when it exists.").defaultsTo(false))
          .notHonoured(Arg.str("group", "Group of dest."))
          .notHonoured(Arg.str("http_agent", "User-Agent header.").defaultsTo("ansible-httpget"))
          .notHonoured(Arg.mode("mode", "Permissions of dest."))
          .notHonoured(Arg.str("owner", "Owner of dest."))
          .notHonoured(Arg.bool("remote_src", "src is on the target.").defaultsTo(false))
          .notHonoured(Attributes.SELINUX)
          .notHonoured(Arg.path("src", "File to send as the body."))
          .notHonoured(Arg.path("unix_socket", "Unix socket to connect through."))
          .notHonoured(Arg.list("unredirected_headers", "Headers not sent on to a redirect."))
          .notHonoured(Arg.bool("unsafe_writes", "Writes are always atomic.").defaultsTo(false))
          .notHonoured(
              Arg.bool("use_gssapi", "GSSAPI (Kerberos) authentication.").defaultsTo(false))
          .notHonoured(Arg.bool("use_netrc", "Credentials from ~/.netrc.").defaultsTo(true))
          .notHonoured(Arg.bool("use_proxy", "Use the proxy of the environment.").defaultsTo(true))
          .example(
              "- name: Check the health endpoint\n"
                  + "  ansible.builtin.uri:\n"
                  + "    url: http://127.0.0.1:8080/health\n"
                  + "    return_content: true\n"
                  + "  register: health\n")
          .build();

  private static final String BODY_MARK = "\n@@ploy-body@@\n";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String method = args.str("method").toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]+")) {
      throw new ModuleException("method '" + method + "' is not an HTTP method");
    }
    Map<String, Object> skip = skipped(target, args);
    if (skip != null) {
      return Plan.ok(skip);
    }
    String config = curlConfig(args, method);
    String dest = args.optStr("dest").orElse(null);
    if (dest == null && (method.equals("GET") || method.equals("HEAD"))) {
      return Plan.ok(request(target, args, config, null));
    }
    Map<String, Object> known = new LinkedHashMap<>();
    known.put("url", args.str("url"));
    return Plan.run(known, on -> request(on, args, config, dest));
  }

  /** The creates/removes verdict: result keys when the request is skipped, else null. */
  private static Map<String, Object> skipped(Target target, Args args) throws ModuleException {
    if (!args.has("creates") && !args.has("removes")) {
      return null;
    }
    String script =
        (args.has("creates")
                ? "[ -e " + ShellQuote.quote(args.str("creates")) + " ] && echo creates; "
                : "")
            + (args.has("removes")
                ? "[ -e " + ShellQuote.quote(args.str("removes")) + " ] || echo removes; "
                : "")
            + "true";
    String out = target.run(Command.of(script)).stdout();
    if (out.contains("creates")) {
      return Map.of("msg", "skipped, since " + args.str("creates") + " exists", "changed", false);
    }
    if (out.contains("removes")) {
      return Map.of(
          "msg", "skipped, since " + args.str("removes") + " does not exist", "changed", false);
    }
    return null;
  }

  /** curl's config (read with -K -): every value quoted in curl's own syntax. */
  static String curlConfig(Args args, String method) throws ModuleException {
    StringBuilder c = new StringBuilder();
    option(c, "url", args.str("url"));
    if (method.equals("HEAD")) {
      c.append("head\n");
    } else {
      option(c, "request", method);
    }
    Map<String, Object> headers = new LinkedHashMap<>(args.dict("headers"));
    if (args.has("body")) {
      Object body = args.get("body");
      String format = args.str("body_format");
      String text;
      switch (format) {
        case "json" -> {
          text = body instanceof String s ? s : Json.write(body);
          defaultHeader(headers, "Content-Type", "application/json");
        }
        case "form-urlencoded" -> {
          text = body instanceof Map<?, ?> map ? formEncode(map) : String.valueOf(body);
          defaultHeader(headers, "Content-Type", "application/x-www-form-urlencoded");
        }
        default -> text = body instanceof String s ? s : Json.write(body);
      }
      option(c, "data-raw", text);
    }
    for (Map.Entry<String, Object> header : headers.entrySet()) {
      String name = header.getKey();
      String value = String.valueOf(header.getValue());
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || value.matches("(?s).*[\r\n].*")) {
        throw new ModuleException("header '" + name + "' is not a valid HTTP header");
      }
      option(c, "header", name + ": " + value);
    }
    if (args.has("url_username")) {
      option(c, "user", args.str("url_username") + ":" + args.str("url_password", ""));
      if (!args.bool("force_basic_auth")) {
        c.append("anyauth\n");
      }
    }
    option(c, "max-time", String.valueOf(args.integer("timeout")));
    if (!args.bool("validate_certs")) {
      c.append("insecure\n");
    }
    String follow = args.str("follow_redirects");
    boolean safe = method.equals("GET") || method.equals("HEAD");
    if (follow.equals("all")
        || follow.equals("yes")
        || ((follow.equals("safe") || follow.equals("urllib2")) && safe)) {
      c.append("location\n");
      option(c, "max-redirs", "50");
    }
    return c.toString();
  }

  private static void defaultHeader(Map<String, Object> headers, String name, String value) {
    for (String key : headers.keySet()) {
      if (key.equalsIgnoreCase(name)) {
        return;
      }
    }
    headers.put(name, value);
  }

  private static String formEncode(Map<?, ?> map) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(URLEncoder.encode(String.valueOf(entry.getKey()), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(String.valueOf(entry.getValue()), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** One config line: {@code name = "value"} with curl's escapes. */
  private static void option(StringBuilder config, String name, String value) {
    config.append(name).append(" = \"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '\\' -> config.append("\\\\");
        case '"' -> config.append("\\\"");
        case '\n' -> config.append("\\n");
        case '\r' -> config.append("\\r");
        case '\t' -> config.append("\\t");
        default -> config.append(ch);
      }
    }
    config.append("\"\n");
  }

  /** Runs curl; saves the body to dest when given; returns the result keys or fails. */
  private static Map<String, Object> request(Target target, Args args, String config, String dest)
      throws ModuleException {
    List<Long> accepted = args.list("status_code").stream().map(o -> (Long) o).toList();
    String dir = dest == null ? null : dest.substring(0, Math.max(1, dest.lastIndexOf('/')));
    StringBuilder codes = new StringBuilder();
    accepted.forEach(code -> codes.append(' ').append(code));
    String script =
        String.join(
            "\n",
            "command -v curl >/dev/null 2>&1 || { echo 'curl is not installed' >&2; exit 127; }",
            "d=$(mktemp -d) || exit 1",
            dest == null
                ? "b=\"$d/body\"; trap 'rm -rf \"$d\"' EXIT"
                : "b=$(mktemp -- "
                    + ShellQuote.quote(ShellQuote.operand(dir) + "/.ploy-tmp-")
                    + "XXXXXXXX) || exit 1;"
                    + " trap 'rm -rf \"$d\" \"$b\"' EXIT",
            "code=$(curl -K - -s -S -o \"$b\" -D \"$d/head\" -w '%{http_code} %{num_redirects}"
                + " %{time_total} %{url_effective}' 2>\"$d/err\"); rc=$?",
            "echo \"@@meta $rc $code\"",
            "echo @@error; cat \"$d/err\"",
            "echo @@headers; cat \"$d/head\" 2>/dev/null | tr -d '\\r'",
            dest == null
                ? ""
                : "case ' "
                    + codes.toString().strip()
                    + " ' in *\" ${code%% *} \"*)"
                    + " if cmp -s -- \"$b\" "
                    + ShellQuote.quote(dest)
                    + "; then echo @@same;"
                    + " else chmod 0644 \"$b\" && mv -f -- \"$b\" "
                    + ShellQuote.quote(dest)
                    + " && echo @@saved; fi;; esac",
            dest == null ? "printf '\\n@@ploy-body@@\\n'; cat \"$b\"" : "true");
    Duration limit = Duration.ofSeconds(args.integer("timeout") + 30);
    ExecResult done = target.run(Command.of(script).withStdin(config).withTimeout(limit));
    if (done.rc() == 127) {
      throw new ModuleException(
          "curl is not installed on " + target.host() + ": install it first (apt: name=curl)");
    }
    String out = done.stdout();
    int bodyAt = out.indexOf(BODY_MARK);
    String head = bodyAt < 0 ? out : out.substring(0, bodyAt);
    String body = bodyAt < 0 ? "" : out.substring(bodyAt + BODY_MARK.length());
    Response response = Response.parse(head, body);
    if (response == null) {
      throw new ModuleException(
          "uri could not run curl on the target: " + (done.stderr() + out).strip());
    }
    Map<String, Object> result = response.result(args.str("url"), args.bool("return_content"));
    if (dest != null) {
      result.put("dest", dest);
      result.put("changed", head.contains("\n@@saved"));
    } else {
      result.put("changed", false);
    }
    if (!accepted.contains((long) response.status())) {
      throw new ModuleException(
          "Status code was "
              + response.status()
              + " and not "
              + accepted
              + ": "
              + (response.status() < 0 ? "Request failed: " + response.error() : "HTTP Error"),
          result);
    }
    return result;
  }
}
