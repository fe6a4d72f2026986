package dev.ploy.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Conversions, numbers, JSON/YAML, encodings and hashes. */
final class DataFilters {
  private DataFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("bool", a -> Booleans.filter(a.input()));
    f.put("int", DataFilters::toInt);
    f.put("float", DataFilters::toFloat);
    f.put(
        "abs",
        a ->
            Values.isFloat(a.input())
                ? (Object) Math.abs(Values.dbl(a.input()))
                : Values.normalize(Values.big(number(a)).abs()));
    f.put("round", DataFilters::round);
    f.put(
        "ternary",
        a ->
            a.input() == null && a.positional().size() > 2
                ? a.get(2, "none_val", null)
                : Values.truthy(a.input())
                    ? a.required(0, "true_val")
                    : a.get(1, "false_val", null));
    f.put("to_json", a -> toJson(a, null, false));
    f.put("to_nice_json", a -> toJson(a, 4, true));
    f.put("from_json", DataFilters::fromJson);
    f.put("to_yaml", a -> yaml(a, false));
    f.put("to_nice_yaml", a -> yaml(a, true));
    f.put("from_yaml", DataFilters::fromYaml);
    f.put(
        "b64encode",
        a -> Base64.getEncoder().encodeToString(a.inputString().getBytes(StandardCharsets.UTF_8)));
    f.put("b64decode", a -> new String(decode(a.inputString()), StandardCharsets.UTF_8));
    f.put("hash", a -> hash(a.inputString(), a.string(0, "hashtype", "sha1")));
    f.put("checksum", a -> hash(a.inputString(), "sha1"));
    f.put("md5", a -> hash(a.inputString(), "md5"));
    f.put("sha1", a -> hash(a.inputString(), "sha1"));
    f.put("type_debug", a -> Values.typeName(a.input()));
    f.put("password_hash", DataFilters::passwordHash);
  }

  /** json.dumps with the filter's indent, sort_keys and ensure_ascii (Ansible's defaults given). */
  private static String toJson(Args a, Integer indent, boolean sortKeys) {
    boolean oneLine = a.get(99, "indent", indent) == null;
    Json.Format format =
        new Json.Format(
            oneLine ? null : a.integer(99, "indent", indent == null ? 0 : indent),
            a.bool(99, "sort_keys", sortKeys),
            a.bool(99, "ensure_ascii", true));
    return Json.write(a.input(), format);
  }

  private static Object fromJson(Args a) {
    try {
      return Json.parse(a.inputString());
    } catch (IllegalArgumentException e) {
      throw new EvalError("from_json: " + e.getMessage());
    }
  }

  /**
   * Ansible's password_hash(hashtype, salt, salt_size, rounds, ident): a crypt(3) string for
   * /etc/shadow, with as many rounds as Ansible 2.14 uses when none are given (656000 for sha512,
   * 535000 for sha256). Without a salt a random one of salt_size characters is drawn, so the result
   * differs on each run (as in Ansible: give a salt, or use the user module's update_password:
   * on_create, for a task that converges).
   */
  static String passwordHash(Args a) {
    String type = a.string(0, "hashtype", "sha512");
    int bits = ShaCrypt.bits(type);
    if (bits < 0) {
      throw new EvalError(
          "password_hash: unsupported hash type '"
              + type
              + "'; ploy writes 'sha512' (the default) and 'sha256' crypt hashes");
    }
    String salt = a.string(1, "salt", null);
    if (salt == null || salt.isEmpty()) {
      int size = a.integer(2, "salt_size", ShaCrypt.MAX_SALT_SIZE);
      if (size < 0 || size > ShaCrypt.MAX_SALT_SIZE) {
        throw new EvalError(
            "password_hash: salt_size ("
                + size
                + ") must be between 0 and "
                + ShaCrypt.MAX_SALT_SIZE);
      }
      salt = ShaCrypt.randomSalt(size);
    } else if (!salt.chars().allMatch(c -> ShaCrypt.SALT_CHARS.indexOf(c) >= 0)) {
      throw new EvalError("password_hash: a salt is made of letters, digits, '.' and '/' only");
    } else if (salt.length() > ShaCrypt.MAX_SALT_SIZE) {
      throw new EvalError(
          "password_hash: salt too large ("
              + type
              + " requires <= "
              + ShaCrypt.MAX_SALT_SIZE
              + " chars)");
    }
    int rounds = a.integer(3, "rounds", ShaCrypt.defaultRounds(bits));
    if (rounds < 1000 || rounds > 999_999_999) {
      throw new EvalError("password_hash: rounds must be between 1000 and 999999999");
    }
    return ShaCrypt.hash(a.inputString(), salt, rounds, bits);
  }

  private static Object number(Args a) {
    if (!Values.isNumeric(a.input())) {
      throw new EvalError(a.name() + " expects a number, got " + Values.typeName(a.input()));
    }
    return a.input();
  }

  private static Object toInt(Args a) {
    Object v = a.input();
    Object dflt = a.get(0, "default", 0);
    int base = a.integer(1, "base", 10);
    if (Values.isIntegral(v)) {
      return v;
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (Values.isFloat(v)) {
      return Values.normalize(BigDecimal.valueOf(Values.dbl(v)).toBigInteger());
    }
    String s = Values.str(v).trim().replace("_", "");
    try {
      if (base == 16 && s.toLowerCase(Locale.ROOT).startsWith("0x")) {
        s = s.substring(2);
      }
      return Values.normalize(new BigInteger(s, base));
    } catch (NumberFormatException e) {
      try {
        return Values.normalize(new BigDecimal(s).toBigInteger());
      } catch (NumberFormatException e2) {
        return dflt;
      }
    }
  }

  private static Object toFloat(Args a) {
    Object v = a.input();
    if (Values.isNumeric(v)) {
      return Values.dbl(v);
    }
    String text = Values.str(v).strip();
    // Python's float() also reads nan, inf and infinity in any case, and no Java suffix (1d, 1f)
    switch (text.toLowerCase(java.util.Locale.ROOT).replaceFirst("^[+]", "")) {
      case "nan", "-nan" -> {
        return Double.NaN;
      }
      case "inf", "infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    try {
      if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        throw new NumberFormatException(text);
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return a.get(0, "default", 0.0);
    }
  }

  private static Object round(Args a) {
    double d = Values.dbl(number(a));
    int precision = a.integer(0, "precision", 0);
    String method = a.string(1, "method", "common");
    RoundingMode mode =
        switch (method) {
          case "ceil" -> RoundingMode.CEILING;
          case "floor" -> RoundingMode.FLOOR;
          default -> RoundingMode.HALF_EVEN; // Python rounds exact halves to even
        };
    return new BigDecimal(d).setScale(precision, mode).doubleValue();
  }

  /** yaml.dump as Ansible's to_yaml and to_nice_yaml call it, with the filter's keywords. */
  private static Object yaml(Args a, boolean nice) {
    for (String fixed :
        nice ? List.of("allow_unicode", "default_flow_style") : List.of("allow_unicode")) {
      if (a.keywords().containsKey(fixed)) {
        throw new EvalError(
            a.name() + " - dump() got multiple values for keyword argument '" + fixed + "'");
      }
    }
    Object flow = nice ? Boolean.FALSE : a.get(99, "default_flow_style", null);
    return YamlDump.dump(
        a.input(),
        new YamlDump.Settings(
            flow == null ? null : Values.truthy(flow),
            a.integer(99, "indent", nice ? 4 : 2),
            a.integer(99, "width", 80),
            a.bool(99, "sort_keys", true),
            a.bool(99, "explicit_start", false),
            a.bool(99, "explicit_end", false)));
  }

  private static Object fromYaml(Args a) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(a.inputString());
    } catch (YAMLException e) {
      throw new EvalError("from_yaml: " + e.getMessage());
    }
  }

  private static byte[] decode(String s) {
    try {
      return Base64.getMimeDecoder().decode(s.trim());
    } catch (IllegalArgumentException e) {
      throw new EvalError("b64decode: " + e.getMessage());
    }
  }

  static String hash(String s, String type) {
    String algorithm =
        switch (type.toLowerCase(Locale.ROOT)) {
          case "md5" -> "MD5";
          case "sha1" -> "SHA-1";
          case "sha224" -> "SHA-224";
          case "sha256" -> "SHA-256";
          case "sha384" -> "SHA-384";
          case "sha512" -> "SHA-512";
          default -> throw new EvalError("hash: unsupported hash type '" + type + "'");
        };
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new EvalError("hash: " + algorithm + " is not available");
    }
  }
}
