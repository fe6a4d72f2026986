package dev.ploy.modules.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The members of an archive: read here from tar headers (plain or gzip) and zip directories, or
 * parsed from the target's {@code tar -tv} listing for compressions the JDK cannot read.
 */
final class ArchiveListing {
  private static final Pattern VERBOSE =
      Pattern.compile(
          "^(.)([-rwxsStT]{9})\\s+\\S+\\s+(\\d+|\\d+,\\s*\\d+)\\s+"
              + "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\\s(.*)$");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ArchiveListing() {}

  static List<ArchiveEntry> read(Path archive, ArchiveFormat format) throws IOException {
    if (format == ArchiveFormat.ZIP) {
      return zip(archive);
    }
    try (InputStream raw = Files.newInputStream(archive)) {
      InputStream in = format == ArchiveFormat.GZIP ? new GZIPInputStream(raw, 65536) : raw;
      return tar(in);
    }
  }

  private static List<ArchiveEntry> zip(Path archive) throws IOException {
    List<ArchiveEntry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        String name = ArchiveEntry.normalize(entry.getName());
        if (name.isEmpty()) {
          continue;
        }
        // zip times are local times of the machine that made them: compared by size only
        entries.add(
            new ArchiveEntry(name, entry.isDirectory() ? 'd' : 'f', entry.getSize(), -1, 0644, ""));
      }
    }
    return entries;
  }

  /** Reads ustar, GNU (long names) and pax headers; skips the members' data. */
  static List<ArchiveEntry> tar(InputStream in) throws IOException {
    List<ArchiveEntry> entries = new ArrayList<>();
    byte[] header = new byte[512];
    String longName = null;
    String longLink = null;
    String paxPath = null;
    String paxLink = null;
    Long paxSize = null;
    Long paxMtime = null;
    while (readBlock(in, header)) {
      if (allZero(header)) {
        break;
      }
      char flag = (char) header[156];
      long size = number(header, 124, 12);
      if (flag == 'L' || flag == 'K' || flag == 'x' || flag == 'g') {
        byte[] data = readData(in, size);
        if (flag == 'L') {
          longName = cString(data, 0, data.length);
        } else if (flag == 'K') {
          longLink = cString(data, 0, data.length);
        } else if (flag == 'x') {
          for (String record : pax(data)) {
            int eq = record.indexOf('=');
            String key = record.substring(0, eq);
            String value = record.substring(eq + 1);
            switch (key) {
              case "path" -> paxPath = value;
              case "linkpath" -> paxLink = value;
              case "size" -> paxSize = Long.parseLong(value);
              case "mtime" -> paxMtime = (long) Double.parseDouble(value);
              default -> {}
            }
          }
        }
        continue;
      }
      String name = cString(header, 0, 100);
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()
          && new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
        name = prefix + "/" + name;
      }
      name = paxPath != null ? paxPath : longName != null ? longName : name;
      String link =
          paxLink != null ? paxLink : longLink != null ? longLink : cString(header, 157, 100);
      long realSize = paxSize != null ? paxSize : size;
      long mtime = paxMtime != null ? paxMtime : number(header, 136, 12);
      int mode = (int) number(header, 100, 8) & 07777;
      char type =
          switch (flag) {
            case '0', '\0', '7', '1' -> 'f';
            case '5' -> 'd';
            case '2' -> 'l';
            default -> 'o';
          };
      if (flag == '1') {
        realSize = -1; // a hard link: its size is its target's
      }
      skip(in, flag == '0' || flag == '\0' || flag == '7' ? realSize : 0);
      String normalized = ArchiveEntry.normalize(name);
      if (!normalized.isEmpty()) {
        entries.add(
            new ArchiveEntry(normalized, type, type == 'f' ? realSize : 0, mtime, mode, link));
      }
      longName = longLink = paxPath = paxLink = null;
      paxSize = paxMtime = null;
    }
    return entries;
  }

  /**
   * Parses {@code LC_ALL=C TZ=UTC tar -tv --full-time --quoting-style=escape}: one member per line,
   * "name -> target" for symbolic links, "name link to target" for hard links.
   */
  static List<ArchiveEntry> verbose(String listing) {
    List<ArchiveEntry> entries = new ArrayList<>();
    for (String line : listing.split("\n")) {
      Matcher m = VERBOSE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      char flag = m.group(1).charAt(0);
      String rest = m.group(5);
      String link = "";
      char type =
          switch (flag) {
            case '-', 'h' -> 'f';
            case 'd' -> 'd';
            case 'l' -> 'l';
            default -> 'o';
          };
      if (flag == 'l' && rest.contains(" -> ")) {
        link = unescape(rest.substring(rest.indexOf(" -> ") + 4));
        rest = rest.substring(0, rest.indexOf(" -> "));
      } else if (flag == 'h' && rest.contains(" link to ")) {
        rest = rest.substring(0, rest.indexOf(" link to "));
      }
      long size = m.group(3).contains(",") ? 0 : Long.parseLong(m.group(3));
      long mtime = LocalDateTime.parse(m.group(4), STAMP).toEpochSecond(ZoneOffset.UTC);
      String name = ArchiveEntry.normalize(unescape(rest));
      if (!name.isEmpty()) {
        entries.add(new ArchiveEntry(name, type, flag == 'h' ? -1 : size, mtime, 0, link));
      }
    }
    return entries;
  }

  /** Undoes tar's escape quoting: backslash escapes and octal bytes, decoded as UTF-8. */
  static String unescape(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next >= '0' && next <= '7' && i + 3 < text.length()) {
          bytes.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
          i += 4;
          continue;
        }
        bytes.write(
            switch (next) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case 'a' -> 7;
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'v' -> 11;
              default -> next;
            });
        i += 2;
        continue;
      }
      byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(encoded, 0, encoded.length);
      i++;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<String> pax(byte[] data) {
    List<String> records = new ArrayList<>();
    int i = 0;
    while (i < data.length) {
      int space = i;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      if (space >= data.length) {
        break;
      }
      int length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
      if (length <= 0) {
        break;
      }
      String record = new String(data, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
      if (record.contains("=")) {
        records.add(record);
      }
      i += length;
    }
    return records;
  }

  private static long number(byte[] header, int offset, int length) {
    if ((header[offset] & 0x80) != 0) {
      long value = header[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    String text = cString(header, offset, length).trim();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }

  private static String cString(byte[] data, int offset, int length) {
    int end = offset;
    while (end < offset + length && data[end] != 0) {
      end++;
    }
    return new String(data, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int read = in.readNBytes(block, 0, block.length);
    if (read == 0) {
      return false;
    }
    if (read < block.length) {
      throw new IOException("truncated tar archive");
    }
    return true;
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    byte[] data = in.readNBytes((int) size);
    in.skipNBytes((512 - size % 512) % 512);
    return data;
  }

  private static void skip(InputStream in, long size) throws IOException {
    if (size > 0) {
      in.skipNBytes(size + (512 - size % 512) % 512);
    }
  }
}
