package dev.ploy.expr;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Ansible's conversions into other types: to_uuid, to_datetime, from_yaml_all. */
final class ConversionFilters {
  /** Ansible's namespace for to_uuid. */
  private static final String ANSIBLE_NAMESPACE = "361E6D51-FAEC-444A-9079-341386DA8E2E";

  private ConversionFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put(
        "to_uuid",
        a -> uuid5(a.string(0, "namespace", ANSIBLE_NAMESPACE), a.inputString()).toString());
    f.put(
        "to_datetime",
        a -> PyDateTime.strptime(a.inputString(), a.string(0, "format", "%Y-%m-%d %H:%M:%S")));
    f.put("from_yaml_all", ConversionFilters::fromYamlAll);
  }

  /** uuid.uuid5: SHA-1 of the namespace's bytes and the name, version 5, RFC 4122 variant. */
  static UUID uuid5(String namespace, String name) {
    UUID ns;
    try {
      ns = UUID.fromString(namespace);
    } catch (IllegalArgumentException e) {
      throw new EvalError("Invalid value '" + namespace + "' for 'namespace': " + e.getMessage());
    }
    byte[] hash;
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(
          ByteBuffer.allocate(16)
              .putLong(ns.getMostSignificantBits())
              .putLong(ns.getLeastSignificantBits())
              .array());
      hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }

  private static Object fromYamlAll(Args a) {
    try {
      List<Object> docs = new ArrayList<>();
      new Yaml(new SafeConstructor(new LoaderOptions()))
          .loadAll(a.inputString())
          .forEach(docs::add);
      return docs;
    } catch (YAMLException e) {
      throw new EvalError("from_yaml_all: " + e.getMessage());
    }
  }
}
