package dev.ploy.modules.postgres;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network as Python's {@code ipaddress.ip_network(text, strict=False)} reads and
 * prints it (the host bits cleared; IPv6 written with the longest run of zero groups as "::"),
 * which is how postgresql_pg_hba keys and sorts a rule's source. Parsed in Java from the text
 * alone: a host name is never resolved.
 *
 * @param v6 whether it is an IPv6 network
 * @param address the network address, host bits cleared
 * @param prefix the prefix length (0-32 or 0-128)
 */
record IpNetwork(boolean v6, BigInteger address, int prefix) {

  /** The network {@code text} names, or empty when Python's ip_network refuses it. */
  static Optional<IpNetwork> parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length > 2) {
      return Optional.empty();
    }
    Optional<BigInteger> v4 = ipv4(parts[0]);
    if (v4.isPresent()) {
      Integer prefix = parts.length == 1 ? Integer.valueOf(32) : v4Prefix(parts[1]);
      return prefix == null ? Optional.empty() : Optional.of(network(false, v4.get(), prefix));
    }
    Optional<BigInteger> v6 = ipv6(parts[0]);
    if (v6.isPresent()) {
      Integer prefix = parts.length == 1 ? Integer.valueOf(128) : number(parts[1], 128);
      return prefix == null ? Optional.empty() : Optional.of(network(true, v6.get(), prefix));
    }
    return Optional.empty();
  }

  /** An address alone (Python's ip_address) as its integer and family. */
  static Optional<IpNetwork> address(String text) {
    Optional<BigInteger> v4 = ipv4(text);
    if (v4.isPresent()) {
      return Optional.of(new IpNetwork(false, v4.get(), 32));
    }
    return ipv6(text).map(v -> new IpNetwork(true, v, 128));
  }

  private static IpNetwork network(boolean v6, BigInteger address, int prefix) {
    int bits = v6 ? 128 : 32;
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    return new IpNetwork(v6, address.and(mask).and(allOnes(bits)), prefix);
  }

  private static BigInteger allOnes(int bits) {
    return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
  }

  /** An IPv4 prefix: a number 0-32, a netmask (255.255.0.0) or a host mask (0.0.255.255). */
  private static Integer v4Prefix(String text) {
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return number(text, 32);
    }
    Optional<BigInteger> mask = ipv4(text);
    if (mask.isEmpty()) {
      return null;
    }
    Integer prefix = prefixOfMask(mask.get(), 32);
    return prefix != null ? prefix : prefixOfMask(mask.get().xor(allOnes(32)), 32);
  }

  /** The prefix length of a mask of leading ones then zeros; null when it is not one. */
  static Integer prefixOfMask(BigInteger mask, int bits) {
    int zeros = mask.signum() == 0 ? bits : mask.getLowestSetBit();
    int ones = bits - zeros;
    BigInteger expected = allOnes(ones).shiftLeft(zeros);
    return expected.equals(mask) ? ones : null;
  }

  private static Integer number(String text, int max) {
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    int value = Integer.parseInt(text);
    return value <= max ? value : null;
  }

  private static Optional<BigInteger> ipv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return Optional.empty();
    }
    long value = 0;
    for (String octet : octets) {
      if (octet.isEmpty()
          || octet.length() > 3
          || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
          || octet.length() > 1 && octet.charAt(0) == '0') {
        return Optional.empty();
      }
      int part = Integer.parseInt(octet);
      if (part > 255) {
        return Optional.empty();
      }
      value = value << 8 | part;
    }
    return Optional.of(BigInteger.valueOf(value));
  }

  private static Optional<BigInteger> ipv6(String text) {
    if (text.isEmpty() || text.contains("%")) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>(List.of(text.split(":", -1)));
    if (parts.size() < 3) {
      return Optional.empty();
    }
    List<Integer> tail = new ArrayList<>();
    String last = parts.get(parts.size() - 1);
    if (last.contains(".")) {
      Optional<BigInteger> v4 = ipv4(last);
      if (v4.isEmpty()) {
        return Optional.empty();
      }
      parts.remove(parts.size() - 1);
      int value = v4.get().intValue();
      parts.add(Integer.toHexString(value >>> 16));
      parts.add(Integer.toHexString(value & 0xffff));
    }
    if (parts.size() > 9) {
      return Optional.empty();
    }
    int skip = -1;
    for (int i = 1; i < parts.size() - 1; i++) {
      if (parts.get(i).isEmpty()) {
        if (skip >= 0) {
          return Optional.empty();
        }
        skip = i;
      }
    }
    int head;
    int rest;
    if (skip >= 0) {
      head = skip;
      rest = parts.size() - skip - 1;
      if (parts.get(0).isEmpty()) {
        head--;
        if (head != 0) {
          return Optional.empty();
        }
      }
      if (parts.get(parts.size() - 1).isEmpty()) {
        rest--;
        if (rest != 0) {
          return Optional.empty();
        }
      }
      if (head + rest > 7) {
        return Optional.empty();
      }
    } else {
      if (parts.size() != 8 || parts.get(0).isEmpty() || parts.get(7).isEmpty()) {
        return Optional.empty();
      }
      head = 8;
      rest = 0;
    }
    BigInteger value = BigInteger.ZERO;
    int first = skip >= 0 && parts.get(0).isEmpty() ? 1 : 0;
    for (int i = first; i < first + head; i++) {
      Integer hextet = hextet(parts.get(i));
      if (hextet == null) {
        return Optional.empty();
      }
      value = value.shiftLeft(16).or(BigInteger.valueOf(hextet));
    }
    if (skip >= 0) {
      value = value.shiftLeft(16 * (8 - head - rest));
      for (int i = parts.size() - rest; i < parts.size(); i++) {
        Integer hextet = hextet(parts.get(i));
        if (hextet == null) {
          return Optional.empty();
        }
        value = value.shiftLeft(16).or(BigInteger.valueOf(hextet));
      }
    }
    return Optional.of(value);
  }

  private static Integer hextet(String text) {
    if (text.isEmpty() || text.length() > 4) {
      return null;
    }
    for (char c : text.toCharArray()) {
      if (Character.digit(c, 16) < 0 || c > 'f') {
        return null;
      }
    }
    return Integer.parseInt(text, 16);
  }

  /** As Python prints it: "10.0.0.0/8", "fe80::/64". */
  @Override
  public String toString() {
    return addressText() + "/" + prefix;
  }

  private String addressText() {
    if (!v6) {
      long value = address.longValue();
      return (value >> 24 & 255)
          + "."
          + (value >> 16 & 255)
          + "."
          + (value >> 8 & 255)
          + "."
          + (value & 255);
    }
    List<String> hextets = new ArrayList<>();
    for (int i = 7; i >= 0; i--) {
      hextets.add(Integer.toHexString(address.shiftRight(16 * i).intValue() & 0xffff));
    }
    int bestStart = -1;
    int bestLength = 0;
    int start = -1;
    for (int i = 0; i < 8; i++) {
      if (hextets.get(i).equals("0")) {
        if (start < 0) {
          start = i;
        }
        if (i - start + 1 > bestLength) {
          bestLength = i - start + 1;
          bestStart = start;
        }
      } else {
        start = -1;
      }
    }
    if (bestLength > 1) {
      List<String> compressed = new ArrayList<>(hextets.subList(0, bestStart));
      compressed.add("");
      compressed.addAll(hextets.subList(bestStart + bestLength, 8));
      if (bestStart == 0) {
        compressed.add(0, "");
      }
      if (bestStart + bestLength == 8) {
        compressed.add("");
      }
      return String.join(":", compressed);
    }
    return String.join(":", hextets);
  }
}
