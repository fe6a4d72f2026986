package dev.ploy.modules.crypto;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.Attributes;
import dev.ploy.modules.files.FileInfo;
import dev.ploy.modules.files.ShellSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the openssl modules share: the subject of a request or certificate, how openssl prints it,
 * and writing a generated file through a temporary file beside it (mode 0600 from the start), so a
 * failed or interrupted openssl never leaves half a key in place.
 */
final class Pki {
  /** The subject fields, in the order they are written, with openssl's short names. */
  private static final List<String[]> FIELDS =
      List.of(
          new String[] {"country_name", "C"},
          new String[] {"state_or_province_name", "ST"},
          new String[] {"locality_name", "L"},
          new String[] {"organization_name", "O"},
          new String[] {"organizational_unit_name", "OU"},
          new String[] {"common_name", "CN"},
          new String[] {"email_address", "emailAddress"});

  private static final Pattern SAN = Pattern.compile("(?i)(DNS|IP|email|URI):[^,\\s]+");

  private Pki() {}

  static ModuleSpec.Builder declareSubject(ModuleSpec.Builder builder) {
    return builder
        .arg(Arg.str("common_name", "The subject's CN.").aliases("CN", "commonName"))
        .arg(Arg.str("country_name", "C, two letters.").aliases("C", "countryName"))
        .arg(Arg.str("state_or_province_name", "ST.").aliases("ST", "stateOrProvinceName"))
        .arg(Arg.str("locality_name", "L.").aliases("L", "localityName"))
        .arg(Arg.str("organization_name", "O.").aliases("O", "organizationName"))
        .arg(Arg.str("organizational_unit_name", "OU.").aliases("OU", "organizationalUnitName"))
        .arg(Arg.str("email_address", "emailAddress.").aliases("E", "emailAddress"))
        .arg(
            Arg.list(
                "subject_alt_name",
                "Subject alternative names: DNS:www.example.org, IP:192.0.2.1, email:..."));
  }

  /** The state and force arguments every openssl module takes; {@code what} is "key"... */
  static ModuleSpec.Builder declareStateAndForce(ModuleSpec.Builder builder, String what) {
    return builder
        .arg(Arg.presence("present or absent."))
        .arg(
            Arg.bool("force", "Make a new " + what + " even when the one there fits.")
                .defaultsTo(false));
  }

  /** What a module's probe read: its own sections, and the stat of the file it makes. */
  record Probe(Sections sections, FileInfo info) {}

  /**
   * With {@code force} (declared by {@link #declareStateAndForce}) a file that differs in nothing
   * is made again: the one difference it shows.
   */
  static void forced(Args args, List<Diff> diffs, String what, String thing) {
    if (args.bool("force") && diffs.isEmpty()) {
      diffs.add(Diff.property(what, thing, "as it is", "made again (force)"));
    }
  }

  /** Runs {@code sections} (a script printing "@@name" sections), then the stat of {@code path}. */
  static Probe probe(Target target, String path, String sections) throws ModuleException {
    Sections read =
        Sections.parse(
            target
                .run(Command.of(sections + "echo @@stat\n" + FileInfo.script(path, false)))
                .stdout());
    return new Probe(read, FileInfo.parse(path, read.text("stat")));
  }

  /** A request's or certificate's names: its subject lines and alternative names (normalised). */
  record Names(List<String> subject, List<String> altNames) {
    /** The names in {@link Pki#describe}'s output. */
    static Names read(List<String> described) {
      return new Names(subjectLines(described), normalised(altNameLines(described)));
    }
  }

  /**
   * How a request or certificate there differs from the one wanted: its subject, its alternative
   * names, its key.
   */
  static List<Diff> differences(String what, Names has, Names wanted, boolean sameKey, String key) {
    List<Diff> diffs = new ArrayList<>();
    for (String property : List.of("subject", "subject_alt_name")) {
      List<String> before = property.equals("subject") ? has.subject() : has.altNames();
      List<String> after = property.equals("subject") ? wanted.subject() : wanted.altNames();
      if (!before.equals(after)) {
        diffs.add(
            Diff.property(what, property, String.join(", ", before), String.join(", ", after)));
      }
    }
    if (!sameKey) {
      diffs.add(Diff.property(what, "key", "another key", key));
    }
    return diffs;
  }

  /**
   * The plan of a file openssl makes: when {@code diffs} show a difference, {@code generate} (an
   * openssl command without its -out) writes it atomically; then its attributes: as given for a
   * {@code secret} one (a key), else those of a public file ({@link #publicFile}).
   */
  static Plan made(
      String path,
      FileInfo info,
      Attributes attributes,
      boolean secret,
      List<Diff> diffs,
      String generate,
      Map<String, Object> result) {
    boolean make = !diffs.isEmpty();
    Attributes wanted = secret ? attributes : publicFile(attributes, make);
    return wanted
        .compare(path, make ? FileInfo.Stat.ABSENT : info.effective(), 0600, false)
        .after(
            diffs,
            make ? List.of(atomically(path, generate + " -out \"$t\" 2>&1")) : List.of(),
            result,
            path);
  }

  /** The sections a request's probe prints: its subject and names (csr), its key's hash. */
  static String requestSections(String csr) {
    return "echo @@csr\n" + describe("req", csr) + "echo @@csr-key\n" + publicKeyHash("req", csr);
  }

  /** The section a key's probe prints: the hash of its public part, or "unreadable". */
  static String keySection(String key) {
    return "echo @@key\n" + publicKeyHash("pkey", key);
  }

  /** The digest argument {@code name}, refused unless it is a digest's name (sha256...). */
  static String digest(Args args, String name) throws ModuleException {
    String digest = args.str(name);
    if (!digest.matches("[a-z0-9-]+")) {
      throw new ModuleException(name + ": '" + digest + "' is not a digest name (sha256...)");
    }
    return digest;
  }

  /** The result keys of an openssl module: filename, then the files it is made from. */
  static Map<String, Object> result(String path, String... namesAndFiles) {
    Map<String, Object> result = new java.util.LinkedHashMap<>();
    result.put("filename", path);
    for (int i = 0; i < namesAndFiles.length; i += 2) {
      result.put(namesAndFiles[i], namesAndFiles[i + 1]);
    }
    return result;
  }

  /** state: absent: the file removed when it is there. */
  static Plan removal(FileInfo info, String what, String path, Map<String, Object> result) {
    return ShellSteps.plan(
        info.exists() ? List.of(Diff.property(what, "state", "present", "absent")) : List.of(),
        info.exists() ? List.of("rm -f -- " + ShellQuote.quote(path)) : List.of(),
        result,
        path);
  }

  /**
   * In check mode, what an earlier task of the run would make (a key, a request) is not there yet:
   * the file made from it is predicted, and a real run never takes this plan.
   */
  static Plan madeFromPending(FileInfo info, String what, String from, Map<String, Object> result) {
    return Plan.change(
        List.of(
            Diff.property(
                what, "state", info.exists() ? "present" : "absent", "made from " + from)),
        result,
        on -> {
          throw new ModuleException("a plan of check mode was applied");
        });
  }

  /** "SN=value" for each subject field the task gives, in openssl's multiline order. */
  static List<String> subject(Args args) {
    List<String> out = new ArrayList<>();
    for (String[] field : FIELDS) {
      args.optStr(field[0]).ifPresent(value -> out.add(field[1] + "=" + value));
    }
    return out;
  }

  /** The subject alternative names, checked: a value openssl would read as several is refused. */
  static List<String> altNames(Args args) throws ModuleException {
    List<String> names = new ArrayList<>();
    for (String name : args.strings("subject_alt_name")) {
      if (!SAN.matcher(name).matches()) {
        throw new ModuleException(
            "subject_alt_name: '" + name + "' is not TYPE:VALUE (DNS:, IP:, email:, URI:)");
      }
      names.add(name);
    }
    return names;
  }

  /** openssl's -subj argument: /SN=value..., with / + and \ escaped in values. */
  static String subjArgument(List<String> subject) {
    StringBuilder out = new StringBuilder();
    for (String field : subject) {
      int eq = field.indexOf('=');
      out.append('/')
          .append(field, 0, eq + 1)
          .append(field.substring(eq + 1).replaceAll("([/+\\\\])", "\\\\$1"));
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /** openssl's -addext for the alternative names as the task wrote them. */
  static String sanExtension(List<String> written) {
    return "subjectAltName=" + String.join(",", written);
  }

  /**
   * A probe fragment printing a request's or certificate's subject, one "SN=value" per line, and
   * its alternative names on a line "SAN: ...". {@code kind} is req or x509.
   */
  static String describe(String kind, String file) {
    String quoted = ShellQuote.quote(file);
    return "openssl "
        + kind
        + " -in "
        + quoted
        + " -noout -subject -nameopt sep_multiline,sname,utf8,-esc_msb 2>/dev/null | tail -n +2\n"
        + "openssl "
        + kind
        + " -in "
        + quoted
        + " -noout -text 2>/dev/null | grep -A1 'X509v3 Subject Alternative Name' | tail -n +2"
        + " | sed 's/^ */SAN: /'\n";
  }

  /** The subject lines of {@link #describe}'s output. */
  static List<String> subjectLines(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("SAN: "))
        .toList();
  }

  /** The alternative names of {@link #describe}'s output, as openssl prints them. */
  static List<String> altNameLines(List<String> lines) {
    for (String line : lines) {
      if (line.strip().startsWith("SAN: ")) {
        return List.of(line.strip().substring(5).split(",\\s*"));
      }
    }
    return List.of();
  }

  /** openssl prints "IP Address:192.0.2.1" and "DNS:x"; the task may write "ip:" or "dns:". */
  static List<String> normalised(List<String> names) {
    return names.stream()
        .map(
            n -> {
              int colon = n.indexOf(':');
              String type = n.substring(0, colon);
              String upper = type.toUpperCase(Locale.ROOT);
              String canonical =
                  switch (upper) {
                    case "DNS", "URI" -> upper;
                    case "IP", "IP ADDRESS" -> "IP Address";
                    default -> type.toLowerCase(Locale.ROOT);
                  };
              return canonical + n.substring(colon);
            })
        .sorted()
        .toList();
  }

  /** A probe fragment printing the SHA-256 of a key's public part (from a key, csr or cert). */
  static String publicKeyHash(String kind, String file) {
    String command =
        switch (kind) {
          case "pkey" -> "openssl pkey -in " + ShellQuote.quote(file) + " -pubout";
          case "req" -> "openssl req -in " + ShellQuote.quote(file) + " -noout -pubkey";
          default -> "openssl x509 -in " + ShellQuote.quote(file) + " -noout -pubkey";
        };
    return "if k=$("
        + command
        + " 2>/dev/null); then printf '%s\\n' \"$k\" | sha256sum | cut -c1-64;"
        + " else echo unreadable; fi\n";
  }

  /**
   * A request or certificate is public: one made now gets mode 0644 (its temporary file was 0600)
   * unless the task gives a mode, as a file written under the usual umask would.
   */
  static Attributes publicFile(Attributes given, boolean made) {
    return made && given.mode() == null
        ? new Attributes("0644", given.owner(), given.group())
        : given;
  }

  /**
   * Runs {@code generate} (which writes to "$t") and renames its output to {@code path}: the
   * temporary file is made by mktemp beside the path (mode 0600), removed if openssl fails.
   */
  static String atomically(String path, String generate) {
    return "t=$(mktemp -- "
        + ShellQuote.quote(ShellQuote.operand(path) + ".XXXXXX")
        + ") && { "
        + generate
        + " || { rm -f \"$t\"; false; }; } && mv -f -- \"$t\" "
        + ShellQuote.quote(path);
  }
}
