package dev.ploy.modules.postgres;

import dev.ploy.module.ModuleException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a pg_hba.conf, as community.postgresql.postgresql_pg_hba reads and writes it: the
 * source is normalised (an address without a prefix becomes its /32 or /128 network, an address
 * with a netmask becomes address/prefix), and rules are keyed by source, database and user.
 *
 * @param type local, host, hostssl...
 * @param db the database (or databases, comma-separated, as read from a file)
 * @param usr the user (or users)
 * @param src the source; null for local
 * @param method the authentication method
 * @param options the method's options (one string); null when none
 * @param comment the comment behind the rule (without '#'); null when none
 */
record HbaRule(
    String type, String db, String usr, String src, String method, String options, String comment) {

  static final List<String> METHODS =
      List.of(
          "trust",
          "reject",
          "md5",
          "password",
          "gss",
          "sspi",
          "krb5",
          "ident",
          "peer",
          "ldap",
          "radius",
          "cert",
          "pam",
          "scram-sha-256");
  static final List<String> TYPES =
      List.of("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc");

  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  /** The key two rules share when one replaces the other: source, database, user. */
  record Key(String source, String db, String usr) {}

  /**
   * A rule from the task's arguments (the collection's PgHbaRule(contype, databases, ...)): empty
   * values count as not given.
   */
  static HbaRule of(
      String type,
      String db,
      String usr,
      String src,
      String netmask,
      String method,
      String options,
      String comment)
      throws ModuleException {
    return normalised(
        blank(type),
        blank(db),
        blank(usr),
        blank(src),
        blank(netmask),
        blank(method),
        blank(options),
        blank(comment));
  }

  /**
   * A rule read from a line of the file (comment already cut off): its columns as the collection
   * splits them. Throws the collection's reading errors.
   */
  static HbaRule parse(String line, String comment) throws ModuleException {
    List<String> cols = new ArrayList<>(Arrays.asList(WHITESPACE.split(line)));
    if (cols.size() < 4) {
      throw new ModuleException("Rule " + line + " has too few columns.");
    }
    if (!TYPES.contains(cols.get(0))) {
      throw new ModuleException("Rule " + line + " has unknown type: " + cols.get(0) + ".");
    }
    if (cols.get(0).equals("local")) {
      cols.add(3, null);
      cols.add(3, null);
    }
    if (cols.size() < 6) {
      cols.add(4, null);
    } else if (!METHODS.contains(cols.get(5))) {
      cols.add(4, null);
    }
    if (cols.size() < 6) {
      // "host all all md5": the collection fails reading column 6 (an IndexError)
      throw new ModuleException("Rule " + line + " has too few columns.");
    }
    if (!METHODS.contains(cols.get(5))) {
      throw new ModuleException(
          "Rule "
              + line
              + " of '"
              + cols.get(0)
              + "' type has invalid auth-method '"
              + (cols.get(5) == null ? "None" : cols.get(5))
              + "'");
    }
    String options = cols.size() < 7 ? null : String.join(" ", cols.subList(6, cols.size()));
    return normalised(
        cols.get(0),
        cols.get(1),
        cols.get(2),
        cols.get(3),
        cols.get(4),
        cols.get(5),
        blank(options),
        comment);
  }

  private static HbaRule normalised(
      String type,
      String db,
      String usr,
      String src,
      String mask,
      String method,
      String options,
      String comment)
      throws ModuleException {
    if (method == null || type == null) {
      throw new ModuleException("Missing " + (method == null ? "method" : "type") + " in rule");
    }
    if (!METHODS.contains(method)) {
      throw new ModuleException(
          "invalid method "
              + method
              + " (should be one of '"
              + String.join("', '", METHODS)
              + "').");
    }
    if (!TYPES.contains(type)) {
      throw new ModuleException(
          "invalid connection type "
              + type
              + " (should be one of '"
              + String.join("', '", TYPES)
              + "').");
    }
    if (type.equals("local")) {
      src = null;
    } else if (src == null) {
      throw new ModuleException("Missing src in rule");
    } else if (!src.contains("/")) {
      src = source(src, mask).toString();
    }
    return new HbaRule(type, db, usr, src, method, options, comment);
  }

  /** The source as the collection's PgHbaRule.source(): a network when it reads as one. */
  private static Object source(String src, String mask) throws ModuleException {
    if (mask != null) {
      Optional<IpNetwork> address = IpNetwork.address(src);
      if (address.isEmpty()) {
        throw new ModuleException("Mask was specified, but source \"" + src + "\" is not valid ip");
      }
      Optional<IpNetwork> maskAddress = IpNetwork.address(mask);
      if (maskAddress.isEmpty()) {
        throw new ModuleException("Mask " + mask + " seems to be invalid");
      }
      BigInteger bits = maskAddress.get().address();
      if (bits.toString(2).contains("01")) {
        throw new ModuleException(
            "IP mask " + mask + " seems invalid (binary value has 1 after 0)");
      }
      String network = src + "/" + bits.bitCount();
      return IpNetwork.parse(network)
          .orElseThrow(() -> new ModuleException(network + " is not valid address range"));
    }
    return IpNetwork.parse(src).map(Object.class::cast).orElse(src);
  }

  private Object source() {
    return IpNetwork.parse(src).map(Object.class::cast).orElse(src);
  }

  Key key() {
    return new Key(type.equals("local") ? "local" : source().toString(), db, usr);
  }

  /** The rule's line as the collection writes it: its columns joined by tabs. */
  String line() {
    List<String> cols = new ArrayList<>();
    for (String col : new String[] {type, db, usr, src, method, options}) {
      if (col != null) {
        cols.add(col);
      }
    }
    return String.join("\t", cols);
  }

  /** The rule as the module returns it in pg_hba. */
  Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", type);
    map.put("db", db);
    map.put("usr", usr);
    if (src != null) {
      map.put("src", src);
    }
    map.put("method", method);
    if (options != null) {
      map.put("options", options);
    }
    if (comment != null) {
      map.put("comment", comment);
    }
    return map;
  }

  /** The collection's PgHbaRule.__lt__: more specific sources, databases and users first. */
  boolean before(HbaRule other) {
    int mine = sourceWeight();
    int his = other.sourceWeight();
    if (mine != his) {
      return mine > his;
    }
    mine = dbWeight();
    his = other.dbWeight();
    if (mine != his) {
      return mine < his;
    }
    mine = userWeight();
    his = other.userWeight();
    if (mine != his) {
      return mine < his;
    }
    if (src == null || other.src == null) {
      // a local rule has no source: the lines are compared
      return line().compareTo(other.line()) < 0;
    }
    return src.compareTo(other.src) < 0;
  }

  private int sourceWeight() {
    if (type.equals("local")) {
      return 130;
    }
    Object source = source();
    if (source instanceof IpNetwork network) {
      return network.v6() ? network.prefix() : network.prefix() * 4;
    }
    String name = (String) source;
    return switch (name) {
      case "all" -> 0;
      case "samehost" -> 129;
      case "samenet" -> 96;
      default -> name.startsWith(".") ? 64 : 128;
    };
  }

  private int dbWeight() {
    if (db.equals("all")) {
      return 100000;
    }
    if (db.equals("replication")) {
      return 0;
    }
    if (Set.of("samerole", "samegroup").contains(db)) {
      return 1;
    }
    return 1 + (int) db.chars().filter(c -> c == ',').count();
  }

  private int userWeight() {
    return usr.equals("all") ? 1000000 : 1;
  }

  private static String blank(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
