package dev.ploy.modules.files;

import dev.ploy.module.Arg;
import dev.ploy.module.ModuleException;
import java.util.Locale;
import java.util.Map;

/** An expected checksum written as Ansible does, {@code sha256:HEX}: the tool and the digest. */
record Checksum(String algorithm, String hex) {
  /** Algorithms with a coreutils {@code NAMEsum} tool, and their digest length in hex. */
  private static final Map<String, Integer> LENGTHS =
      Map.of("md5", 32, "sha1", 40, "sha224", 56, "sha256", 64, "sha384", 96, "sha512", 128);

  /** The checksum_algorithm argument of stat and find: one of the tools above. */
  static final Arg ALGORITHM_ARG =
      Arg.str("checksum_algorithm", "The checksum's algorithm.")
          .defaultsTo("sha1")
          .choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
          .aliases("checksum", "checksum_algo");

  static Checksum parse(String text) throws ModuleException {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new ModuleException(
          "checksum must be 'ALGORITHM:HEX', e.g. 'sha256:9f86d08...'; got '" + text + "'");
    }
    String algorithm = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String hex = text.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
    Integer length = LENGTHS.get(algorithm);
    if (length == null) {
      throw new ModuleException(
          "checksum algorithm '"
              + algorithm
              + "' is not supported; use one of md5, sha1, sha224, sha256, sha384, sha512");
    }
    if (hex.length() != length || !hex.matches("[0-9a-f]+")) {
      throw new ModuleException(
          "checksum: '"
              + text.substring(colon + 1)
              + "' is not a "
              + algorithm
              + " digest ("
              + length
              + " hex digits); a URL of a checksum file is not supported");
    }
    return new Checksum(algorithm, hex);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
