package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads a URL on the target itself (with curl, else wget) into a temporary file beside dest,
 * verifies the checksum, then moves it into place atomically. With a checksum an existing file is
 * compared by content; without one an existing file is left alone unless force is set.
 */
public final class GetUrl implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("get_url")
                  .description(
                      "Downloads a file from HTTP(S) or FTP on the target (curl or wget there),"
                          + " verifies its checksum and moves it into place atomically; an existing"
                          + " file is kept unless its checksum differs or force is set.")
                  .arg(Arg.str("url", "The URL to download, as the target reaches it.").required())
                  .arg(
                      Arg.path(
                              "dest",
                              "The file to write; an existing directory receives the URL's file"
                                  + " name.")
                          .required())
                  .arg(
                      Arg.str(
                          "checksum",
                          "'ALGORITHM:HEX' (sha256, sha1, sha512, md5...): the download must match;"
                              + " an existing dest that matches is not downloaded again."))
                  .arg(
                      Arg.bool(
                              "force",
                              "Download even when dest exists (replaced only if the content"
                                  + " differs); false: an existing dest is kept.")
                          .defaultsTo(false))
                  .arg(
                      Arg.integer(
                              "timeout", "Seconds to connect, and to wait on a stalled transfer.")
                          .defaultsTo(10L))
                  .arg(
                      Arg.dict("headers", "Extra HTTP request headers, name: value.")
                          .elements(ArgType.STR))
                  .arg(
                      Arg.str("url_username", "User name for HTTP basic authentication.")
                          .aliases("username"))
                  .arg(
                      Arg.str("url_password", "Password for HTTP basic authentication.")
                          .secret()
                          .aliases("password"))
                  .arg(
                      Arg.bool(
                              "validate_certs",
                              "Verify the server's TLS certificate; false only for self-signed"
                                  + " test servers.")
                          .defaultsTo(true))
                  .requiredTogether("url_password", "url_username")
                  .notHonoured(
                      Arg.bool("backup", "Keep a backup of a file replaced.").defaultsTo(false))
                  .notHonoured(Arg.list("ciphers", "TLS ciphers to use."))
                  .notHonoured(Arg.path("client_cert", "Client certificate (PEM) for TLS."))
                  .notHonoured(Arg.path("client_key", "Client key (PEM) for TLS."))
                  .notHonoured(
                      Arg.bool("decompress", "Decompress a gzip response.").defaultsTo(true))
                  .notHonoured(
                      Arg.bool(
                              "force_basic_auth",
                              "Send basic authentication before the server asks.")
                          .defaultsTo(false))
                  .notHonoured(
                      Arg.str("http_agent", "User-Agent header.").defaultsTo("ansible-httpget"))
                  .notHonoured(
                      Arg.path(
                          "tmp_dest", "Directory for the download before it is moved into place."))
                  .notHonoured(
                      Arg.list("unredirected_headers", "Headers not sent on to a redirect."))
                  .notHonoured(
                      Arg.bool("use_gssapi", "GSSAPI (Kerberos) authentication.").defaultsTo(false))
                  .notHonoured(Arg.bool("use_netrc", "Credentials from ~/.netrc.").defaultsTo(true))
                  .notHonoured(
                      Arg.bool("use_proxy", "Use the proxy of the environment.").defaultsTo(true))
                  .example(
                      "- name: Fetch the node exporter release\n"
                          + "  ansible.builtin.get_url:\n"
                          + "    url: https://example.org/node_exporter-1.8.2.linux-amd64.tar.gz\n"
                          + "    dest: /opt/node_exporter.tar.gz\n"
                          + "    checksum: sha256:6809dd0b3ec45fd6e992c19071d6b5253aed3ead7bf0686885a51d85c6643c66\n"
                          + "    mode: \"0644\"\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Attributes attributes = Attributes.of(args);
    String url = args.str("url");
    Checksum wanted = args.has("checksum") ? Checksum.parse(args.str("checksum")) : null;
    String algorithm = wanted != null ? wanted.algorithm() : "sha1";
    String given = args.str("dest");
    String named = Copy.join(given, Download.fileName(url));
    ExecResult probed = target.run(Command.of(probe(given, named, algorithm)));
    if (!probed.ok()) {
      throw ModuleException.commandFailed(
              "cannot inspect " + given + ": " + probed.stderr().strip(), probed)
          .with("dest", given);
    }
    List<String> lines = List.of(probed.stdout().split("\n", -1));
    String tool = lines.get(0).strip();
    String dest = lines.get(1).equals("dir") || given.endsWith("/") ? named : given;
    String existingSum = lines.get(2).substring("sum:".length()).strip();
    FileInfo info = FileInfo.parse(dest, String.join("\n", lines.subList(3, lines.size())));
    FileInfo.Stat current = info.effective();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("url", url);
    result.put("dest", dest);
    result.put("state", "file");
    if (current.type().equals("directory") || current.exists() && !current.type().equals("file")) {
      throw new ModuleException(
          "dest " + dest + " exists and is not a regular file (" + current.type() + ")");
    }
    if (current.exists()) {
      result.put("checksum_dest", existingSum);
      boolean matches = wanted != null && wanted.hex().equals(existingSum);
      boolean keep = wanted != null ? matches : !args.bool("force");
      if (keep) {
        result.put(
            "msg", matches ? "file already exists with that checksum" : "file already exists");
        return attributesOnly(dest, current, attributes, result);
      }
    }
    if (tool.equals("none")) {
      throw new ModuleException(
          "neither curl nor wget is installed on the target; install one (apt-get install curl)",
          result);
    }
    Download download =
        new Download(
            url,
            tool,
            args.integer("timeout"),
            args.dict("headers"),
            args.optStr("url_username").orElse(null),
            args.optStr("url_password").orElse(null),
            args.bool("validate_certs"),
            wanted);
    List<Diff> diffs = new ArrayList<>();
    diffs.add(
        new Diff(
            dest,
            current.exists() ? "checksum: " + algorithm + ":" + existingSum + "\n" : "",
            "url: "
                + url
                + "\n"
                + (wanted != null ? "checksum: " + wanted + "\n" : "checksum: (downloaded)\n")));
    diffs.addAll(attributes.compare(dest, current, 0644, false).diffs());
    String before = current.exists() ? existingSum : null;
    return Plan.change(
        diffs, result, on -> fetch(on, download, dest, info, attributes, algorithm, before));
  }

  private static Map<String, Object> fetch(
      Target target,
      Download download,
      String dest,
      FileInfo info,
      Attributes attributes,
      String algorithm,
      String before)
      throws ModuleException {
    String staged = download.into(target, dest);
    try {
      ExecResult summed =
          target.run(
              Command.of(
                  "sha1sum < "
                      + ShellQuote.quote(staged)
                      + " | cut -d' ' -f1; "
                      + algorithm
                      + "sum < "
                      + ShellQuote.quote(staged)
                      + " | cut -d' ' -f1; stat -c %s -- "
                      + ShellQuote.quote(staged)));
      List<String> sums = summed.stdoutLines();
      if (!summed.ok() || sums.size() < 3) {
        throw new ModuleException("cannot read the download " + staged + ": " + summed.stderr());
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("checksum_src", sums.get(0));
      result.put("size", Long.parseLong(sums.get(2).strip()));
      if (sums.get(1).equals(before)) {
        result.put("msg", "file already exists with the same content");
        Attributes.Changes changes = attributes.compare(dest, info.effective(), 0644, false);
        changes.apply(target, dest);
        result.put("changed", !changes.none());
        return result;
      }
      new AtomicWrite(dest, info, attributes, null, false).moveFrom(target, staged);
      result.put("checksum_dest", sums.get(0));
      result.put("msg", "OK (" + sums.get(2).strip() + " bytes)");
      return result;
    } finally {
      // after the move there is nothing left to remove; after a failure, the download
      Staging.remove(target, staged);
    }
  }

  private static Plan attributesOnly(
      String dest, FileInfo.Stat current, Attributes attributes, Map<String, Object> result) {
    return attributes.compare(dest, current, 0644, false).plan(dest, result);
  }

  /**
   * One round trip: the download tool, whether dest is a directory, the existing file's checksum,
   * then {@link FileInfo}'s probe of the file that would be written.
   */
  private static String probe(String given, String named, String algorithm) {
    return String.join(
        "\n",
        "if command -v curl >/dev/null 2>&1; then echo curl;"
            + " elif command -v wget >/dev/null 2>&1; then echo wget; else echo none; fi",
        given.endsWith("/") ? "if true; then" : "if [ -d " + ShellQuote.quote(given) + " ]; then",
        "echo dir",
        sumLine(named, algorithm),
        FileInfo.script(named, false),
        "else",
        "echo path",
        sumLine(given, algorithm),
        FileInfo.script(given, false),
        "fi");
  }

  private static String sumLine(String path, String algorithm) {
    String quoted = ShellQuote.quote(path);
    return "if [ -f "
        + quoted
        + " ] && [ -r "
        + quoted
        + " ]; then echo \"sum:$("
        + algorithm
        + "sum < "
        + quoted
        + " | cut -d' ' -f1)\"; else echo sum:; fi";
  }
}
