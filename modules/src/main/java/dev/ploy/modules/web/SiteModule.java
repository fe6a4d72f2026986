package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.expr.Jinja;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgRule;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.FileWrites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the site modules (nginx_site, apache2_site) share: their arguments, the probe of a site's
 * file and link, and the plan of a change made as a {@link SiteChange}. Each module is this with
 * its {@link WebServer} and its description.
 */
abstract class SiteModule implements Module {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final WebServer server;
  private final ModuleSpec spec;

  /**
   * @param module the module's name
   * @param description what the module is, first in its documentation
   */
  SiteModule(String module, WebServer server, String description) {
    this.server = server;
    String file = server.siteFile("NAME");
    this.spec =
        ModuleSpec.builder(module)
            .description(description)
            .arg(Arg.str("name", "The site: its file is " + file + ".").required().notAnOption())
            .arg(Arg.str("content", "The site file's content."))
            .arg(
                Arg.path(
                        "src",
                        "A template rendered on the control node as the template module does"
                            + " (relative: the role's templates/, then templates/ beside the"
                            + " playbook). Without content or src the site file must exist.")
                    .template())
            .arg(
                Arg.str(
                        "state",
                        "enabled (the link in sites-enabled), disabled (no link) or absent"
                            + " (neither link nor file).")
                    .choices("enabled", "disabled", "absent")
                    .defaultsTo("enabled"))
            .arg(
                Arg.bool(
                        "reload",
                        "Reload "
                            + server.name()
                            + " after a change that passed "
                            + server.validate()
                            + " (when "
                            + server.name()
                            + " runs).")
                    .defaultsTo(true))
            .arg(
                Arg.str(
                    "check_url",
                    "An http(s) URL fetched from the target with curl after the reload; when it"
                        + " does not answer check_status (and check_text), the change is rolled"
                        + " back."))
            .arg(Arg.integer("check_status", "The status check_url must answer.").defaultsTo(200))
            .arg(Arg.str("check_text", "Text the answer of check_url must contain."))
            .arg(
                Arg.integer(
                        "check_timeout",
                        "Seconds check_url is asked again until it answers as expected.")
                    .defaultsTo(10))
            .arg(
                Arg.mode(
                    "mode",
                    "Permissions of the site file written from content or src, octal ('0644',"
                        + " quoted in YAML) or symbolic."))
            .arg(
                Arg.str("owner", "User that should own the site file written from content or src."))
            .arg(
                Arg.str(
                    "group", "Group that should own the site file written from content or src."))
            .arg(
                Arg.path(
                    "tls_certificate",
                    "TLS: the certificate (full chain) on the target, put into the site's https"
                        + " server ("
                        + server.httpsServer()
                        + ") of content or src; e.g. tls_selfsigned's"
                        + " tls_certificate_path. The file must exist when the task runs."))
            .arg(
                Arg.path(
                    "tls_key",
                    "TLS: the certificate's private key on the target (tls_selfsigned's"
                        + " tls_key_path)."))
            .arg(
                Arg.str(
                    "tls_certbot_name",
                    "TLS: the name of a certificate certbot obtained: its"
                        + " /etc/letsencrypt/live/NAME/fullchain.pem and privkey.pem."))
            .arg(
                Arg.bool(
                        "https_redirect",
                        "Add to the site a server on port 80 that answers 301 to https for the"
                            + " names of its https server ("
                            + server.namesDirective()
                            + "), as certbot and the runbooks write it.")
                    .defaultsTo(false))
            .rule(ArgRule.requiredTogether("tls_certificate", "tls_key"))
            .rule(ArgRule.mutuallyExclusive("tls_certbot_name", "tls_certificate"))
            .rule(ArgRule.mutuallyExclusive("tls_certbot_name", "tls_key"))
            .rule(
                ArgRule.mutuallyExclusive("content", "src")
                    .saying("content and src are mutually exclusive (give only one of them)"))
            .rule(ArgRule.requiredBy("check_text", "check_url"))
            .example(
                "- name: The application's site, checked before and after "
                    + server.name()
                    + " reloads\n  "
                    + module
                    + ":\n"
                    + "    name: app\n"
                    + "    src: app.conf.j2\n"
                    + "    check_url: http://127.0.0.1/health\n"
                    + "    check_text: ok\n")
            .build();
  }

  @Override
  public final ModuleSpec spec() {
    return spec;
  }

  @Override
  public final Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    if (!NAME.matcher(name).matches()) {
      throw new ModuleException(
          "name '"
              + name
              + "' is not a site name: use letters, digits, '_', '.' and '-', not starting"
              + " with '.' or '-'");
    }
    String suffix = server.siteSuffix();
    if (!suffix.isEmpty() && name.endsWith(suffix)) {
      throw new ModuleException(
          "name '"
              + name
              + "' names the site's file: give the site's name without "
              + suffix
              + " ('"
              + name.substring(0, name.length() - suffix.length())
              + "'), its file is "
              + server.siteFile("NAME"));
    }
    String state = args.str("state");
    boolean writes = args.has("content") || args.has("src");
    if (state.equals("absent") && writes) {
      throw new ModuleException("content and src do not go with state: absent (remove them)");
    }
    if (!writes && (args.has("mode") || args.has("owner") || args.has("group"))) {
      throw new ModuleException(
          "mode, owner and group apply to a site file written from content or src (give one)");
    }
    SiteTls tls = SiteTls.of(args);
    if (tls != null && !writes) {
      throw new ModuleException(
          "tls_certificate, tls_certbot_name and https_redirect apply to a site file written from"
              + " content or src (give one)");
    }
    UrlCheck check = check(args);
    String file = server.siteFile(name);
    String link = server.siteLink(name);
    Probe probe = Probe.of(target, server, file, link, check != null);

    List<Diff> diffs = new ArrayList<>();
    List<Plan.Assumption> assumptions = new ArrayList<>();
    if (!probe.installed()) {
      assumptions.add(
          Plan.Assumption.warned(
              server.name()
                  + " is not installed on the target: install the "
                  + server.service()
                  + " package first",
              server.name() + " is not installed yet; assuming an earlier task installs it"));
    }
    if (check != null && !probe.curl()) {
      assumptions.add(
          Plan.Assumption.warned(
              "check_url needs curl on the target: install the curl package",
              "curl is not installed yet; assuming an earlier task installs it"));
    }
    if (tls != null && tls.certificate() != null) {
      List<String> absent = missing(target, List.of(tls.certificate(), tls.key()));
      for (String missing : absent) {
        assumptions.add(
            Plan.Assumption.warned(
                missing + " does not exist: the site's TLS needs it (make it first)",
                missing + " does not exist yet; assuming an earlier task makes it"));
      }
      if (absent.isEmpty()) {
        checkKeyMatches(target, tls);
      }
    }
    if (tls != null && tls.redirect() && server.equals(WebServer.NGINX)) {
      tls = tls.onHost(hasIpv6(target));
    }
    FileWrites.Planned write = null;
    if (writes) {
      String text = content(target, args);
      write =
          FileWrites.plan(
              target,
              file,
              tls == null ? text : tls.applyTo(server, text),
              args.optStr("mode").orElse(null),
              args.optStr("owner").orElse(null),
              args.optStr("group").orElse(null));
      diffs.addAll(write.diffs());
    } else if (state.equals("absent")) {
      if (!probe.file().equals("absent")) {
        diffs.add(Diff.property(file, "state", probe.file(), "absent"));
      }
    } else if (probe.file().equals("absent")) {
      assumptions.add(
          Plan.Assumption.warned(
              file + " does not exist: give content or src to write it",
              file + " does not exist yet; assuming an earlier task writes it"));
    }
    boolean enable = state.equals("enabled");
    boolean linkChanges = enable ? !probe.linkedHere() : !probe.link().equals("absent");
    String linkTarget = server.linkTarget(name);
    if (linkChanges) {
      diffs.add(
          Diff.property(link, "state", probe.link(), enable ? "link to " + linkTarget : "absent"));
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("state", state);
    result.put("path", file);
    result.put("link", link);
    if (diffs.isEmpty()) {
      return Plan.ok(result).assuming(assumptions);
    }
    FileWrites.Planned fileWrite = write;
    boolean reload = args.bool("reload") && (enable || linkChanges);
    SiteChange change = new SiteChange(server, List.of(file, link));
    return Plan.change(
            diffs,
            result,
            on ->
                change.apply(
                    on,
                    t -> {
                      if (fileWrite != null) {
                        fileWrite.applyOn(t);
                      }
                      if (linkChanges) {
                        run(t, enable ? List.of("ln", "-sfT", "--", linkTarget, link) : rm(link));
                      }
                      if (state.equals("absent")) {
                        run(t, rm(file));
                      }
                    },
                    reload,
                    check))
        .assuming(assumptions);
  }

  /** Those of {@code paths} that are no file on the target. */
  private static List<String> missing(Target target, List<String> paths) throws ModuleException {
    StringBuilder script = new StringBuilder();
    for (String path : paths) {
      String quoted = ShellQuote.quote(path);
      script
          .append("[ -f ")
          .append(quoted)
          .append(" ] || printf '%s\\n' ")
          .append(quoted)
          .append("\n");
    }
    script.append("exit 0");
    ExecResult probed = target.run(Command.of(script.toString()));
    if (!probed.ok()) {
      throw new ModuleException("probe failed: " + probed.stderr().strip());
    }
    return probed.stdoutLines().stream().filter(line -> !line.isEmpty()).toList();
  }

  /** Whether the target's kernel has IPv6 (/proc/net/if_inet6 is there only then). */
  private static boolean hasIpv6(Target target) throws ModuleException {
    return target
        .run(Command.of("[ -e /proc/net/if_inet6 ] && echo @@ipv6; true"))
        .stdout()
        .contains("@@ipv6");
  }

  /**
   * Fails, before anything is staged, unless the key is the certificate's: their public keys, as
   * openssl prints them, must be the same (nginx -t would refuse the pair; apache2ctl configtest
   * would not, and the server would fail to start). Without openssl on the target, nothing is
   * checked.
   */
  private static void checkKeyMatches(Target target, SiteTls tls) throws ModuleException {
    String cert = ShellQuote.quote(tls.certificate());
    String key = ShellQuote.quote(tls.key());
    String script =
        String.join(
            "\n",
            "command -v openssl >/dev/null 2>&1 || exit 0",
            "c=$(openssl x509 -noout -pubkey -in " + cert + " 2>&1) || {",
            "  printf '@@certificate\\n%s\\n' \"$c\"; exit 0; }",
            "k=$(openssl pkey -pubout -in " + key + " 2>&1) || {",
            "  printf '@@key\\n%s\\n' \"$k\"; exit 0; }",
            "[ \"$c\" = \"$k\" ] || echo @@mismatch");
    Sections checked = Sections.parse(target.run(Command.of(script)).stdout());
    if (checked.has("certificate")) {
      throw new ModuleException(
          "tls_certificate "
              + tls.certificate()
              + " is not a PEM certificate: "
              + checked.text("certificate").strip());
    }
    if (checked.has("key")) {
      throw new ModuleException(
          "tls_key " + tls.key() + " is not a private key: " + checked.text("key").strip());
    }
    if (checked.has("mismatch")) {
      throw new ModuleException(
          "tls_key "
              + tls.key()
              + " is not the key of tls_certificate "
              + tls.certificate()
              + " (their public keys differ); nothing was changed");
    }
  }

  private static List<String> rm(String path) {
    return List.of("rm", "-f", "--", path);
  }

  private static void run(Target target, List<String> argv) throws ModuleException {
    ExecResult done = target.run(argv);
    if (!done.ok()) {
      throw ModuleException.commandFailed(
          String.join(" ", argv) + " failed: " + done.stderr().strip(), done);
    }
  }

  private static String content(Target target, Args args) throws ModuleException {
    if (args.has("content")) {
      return args.str("content");
    }
    return target.renderTemplateFile(
        target.findLocalFile(args.str("src"), "templates"), null, Jinja.Options.ANSIBLE);
  }

  private static UrlCheck check(Args args) throws ModuleException {
    if (!args.has("check_url")) {
      return null;
    }
    String url = args.str("check_url");
    String problem = UrlCheck.problem(url);
    if (problem != null) {
      throw new ModuleException(problem);
    }
    long status = args.integer("check_status");
    long timeout = args.integer("check_timeout");
    if (status < 100 || status > 599 || timeout < 0) {
      throw new ModuleException(
          "check_status must be an HTTP status (100-599) and check_timeout not negative");
    }
    return new UrlCheck(
        url, (int) status, args.optStr("check_text").orElse(null), Duration.ofSeconds(timeout));
  }

  /**
   * What the target has: the server and curl, the site file (absent, file, link or other) and the
   * link in sites-enabled (absent, "link to X", file, or other), and whether that link leads to the
   * site file.
   */
  private record Probe(
      boolean installed, boolean curl, String file, String link, boolean linkedHere) {

    static Probe of(Target target, WebServer server, String file, String link, boolean curl)
        throws ModuleException {
      String program = ShellQuote.quote(server.program());
      String installed = "@" + server.service();
      String script =
          String.join(
              "\n",
              "f=" + ShellQuote.quote(file) + "; l=" + ShellQuote.quote(link),
              "{ command -v "
                  + program
                  + " || [ -x /usr/sbin/"
                  + program
                  + " ]; } >/dev/null 2>&1 && echo "
                  + installed,
              curl ? "command -v curl >/dev/null 2>&1 && echo @curl" : ":",
              "if [ -L \"$f\" ]; then echo @file=link; elif [ -f \"$f\" ]; then echo @file=file;"
                  + " elif [ -e \"$f\" ]; then echo @file=other; else echo @file=absent; fi",
              "if [ -L \"$l\" ]; then printf '@link=link to %s\\n' \"$(readlink -- \"$l\")\";"
                  + " [ \"$(readlink -f -- \"$l\")\" = \"$(readlink -f -- \"$f\")\" ] && [ -e \"$f\" ]"
                  + " && echo @here;"
                  + " elif [ -f \"$l\" ]; then echo @link=file; elif [ -e \"$l\" ]; then echo"
                  + " @link=other; else echo @link=absent; fi",
              "exit 0");
      ExecResult probed = target.run(Command.of(script));
      if (!probed.ok()) {
        throw new ModuleException("probe failed: " + probed.stderr().strip());
      }
      List<String> lines = probed.stdoutLines();
      String fileState = value(lines, "@file=");
      String linkState = value(lines, "@link=");
      if (fileState.equals("other") || linkState.equals("other")) {
        throw new ModuleException(
            file + " and " + link + " must be files or links (one is a directory or special file)");
      }
      return new Probe(
          lines.contains(installed),
          lines.contains("@curl"),
          fileState,
          linkState,
          lines.contains("@here") && linkState.startsWith("link"));
    }

    private static String value(List<String> lines, String key) throws ModuleException {
      for (String line : lines) {
        if (line.startsWith(key)) {
          return line.substring(key.length());
        }
      }
      throw new ModuleException("probe failed: no " + key + " in its output");
    }
  }
}
