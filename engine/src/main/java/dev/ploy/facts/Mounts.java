package dev.ploy.facts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mounted file systems as Ansible's setup module lists them (ansible_mounts): the entries of
 * /etc/mtab whose device is a path or a network share, each with its file system's sizes (statvfs,
 * through {@code stat -f}) and the device's UUID from {@code lsblk}.
 *
 * <p>One command reads it all: the mount table and /proc/self/mountinfo with the shell's builtins,
 * then one {@code lsblk} and one {@code stat -f} over every mount point kept. A mount point written
 * with an escape in the table ({@code \040} for a space) is listed without its sizes. The mounts
 * come in the table's order; Ansible's come in the order its threads finish reading them.
 */
public record Mounts(List<Mount> mounts) {
  private static final String MTAB = "mtab ";
  private static final String MOUNTINFO = "mountinfo ";
  private static final String LSBLK = "@lsblk";
  private static final String STATVFS = "@statvfs";

  public static final Fact<Mounts> FACT =
      Fact.of(
          "mounts",
          "{ m=/etc/mtab; [ -r $m ] || m=/proc/mounts; set --;"
              + " while read -r d p t o r; do printf '"
              + MTAB
              + "%s %s %s %s\\n' \"$d\" \"$p\" \"$t\" \"$o\";"
              + " case $d in /*|\\\\*|*:/*) [ \"$t\" = none ] || set -- \"$@\" \"$p\";; esac;"
              + " done < $m; "
              + Fact.prefixedLines("/proc/self/mountinfo", MOUNTINFO.strip())
              + "; echo "
              + LSBLK
              + "; LC_ALL=C lsblk --list --noheadings --paths --output NAME,UUID --exclude 2"
              + " 2>/dev/null; echo "
              + STATVFS
              + "; [ $# -eq 0 ] || LC_ALL=C stat -f -c '%S %s %b %a %c %d %n' -- \"$@\""
              + " 2>/dev/null; }",
          Mounts::parse);

  public Mounts {
    mounts = List.copyOf(mounts);
  }

  /**
   * One mounted file system.
   *
   * @param space its statvfs numbers, or null when {@code stat -f} could not read them
   * @param uuid the device's UUID, or "N/A"
   */
  public record Mount(
      String mount, String device, String fstype, String options, Space space, String uuid) {

    /** The entry as Ansible writes it, its keys in Ansible's order. */
    public Map<String, Object> asAnsible() {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("mount", mount);
      entry.put("device", device);
      entry.put("fstype", fstype);
      entry.put("options", options);
      if (space != null) {
        entry.put("size_total", space.fragmentSize() * space.blocks());
        entry.put("size_available", space.fragmentSize() * space.blocksAvailable());
        entry.put("block_size", space.blockSize());
        entry.put("block_total", space.blocks());
        entry.put("block_available", space.blocksAvailable());
        entry.put("block_used", space.blocks() - space.blocksAvailable());
        entry.put("inode_total", space.inodes());
        entry.put("inode_available", space.inodesAvailable());
        entry.put("inode_used", space.inodes() - space.inodesAvailable());
      }
      entry.put("uuid", uuid);
      return entry;
    }
  }

  /** What statvfs says of a file system (f_frsize, f_bsize, f_blocks, f_bavail, f_files...). */
  public record Space(
      long fragmentSize,
      long blockSize,
      long blocks,
      long blocksAvailable,
      long inodes,
      long inodesAvailable) {}

  /** ansible_mounts: one map per mount. */
  public List<Map<String, Object>> asAnsible() {
    List<Map<String, Object>> list = new ArrayList<>();
    mounts.forEach(mount -> list.add(mount.asAnsible()));
    return list;
  }

  static Mounts parse(List<String> lines) {
    List<String[]> table = new ArrayList<>();
    Set<String> bindMounts = new HashSet<>();
    Map<String, String> uuids = new LinkedHashMap<>();
    Map<String, Space> spaces = new LinkedHashMap<>();
    String part = "";
    for (String line : lines) {
      if (line.equals(LSBLK) || line.equals(STATVFS)) {
        part = line;
      } else if (part.isEmpty() && line.startsWith(MTAB)) {
        String[] fields = line.substring(MTAB.length()).split(" ");
        if (fields.length == 4 && !fields[3].isEmpty()) {
          table.add(fields);
        }
      } else if (part.isEmpty() && line.startsWith(MOUNTINFO)) {
        // "36 35 98:0 /mnt1 /mnt2 rw,noatime - ext3 /dev/root rw": a root other than "/" is
        // what findmnt shows as SOURCE[/root], which Ansible takes for a bind mount
        String[] fields = line.substring(MOUNTINFO.length()).trim().split("\\s+");
        if (fields.length > 4 && !fields[3].equals("/")) {
          bindMounts.add(unescape(fields[4]));
        }
      } else if (part.equals(LSBLK)) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length == 2) {
          uuids.putIfAbsent(fields[0], fields[1]);
        }
      } else if (part.equals(STATVFS)) {
        String[] fields = line.split(" ", 7);
        if (fields.length == 7) {
          try {
            spaces.put(
                fields[6],
                new Space(
                    Long.parseLong(fields[0]),
                    Long.parseLong(fields[1]),
                    Long.parseLong(fields[2]),
                    Long.parseLong(fields[3]),
                    Long.parseLong(fields[4]),
                    Long.parseLong(fields[5])));
          } catch (NumberFormatException e) {
            // not a line of stat's: no sizes for it
          }
        }
      }
    }
    // a mount point mounted twice keeps its first place and its last entry, as in Ansible
    Map<String, Mount> mounts = new LinkedHashMap<>();
    for (String[] fields : table) {
      String device = unescape(fields[0]);
      String mount = unescape(fields[1]);
      String fstype = unescape(fields[2]);
      String options = unescape(fields[3]);
      boolean kept =
          (device.startsWith("/") || device.startsWith("\\") || device.contains(":/"))
              && !fstype.equals("none");
      if (!kept) {
        continue;
      }
      if (bindMounts.contains(mount)) {
        // Ansible 2.14 tests the options with a pattern that never matches: always ",bind"
        options += ",bind";
      }
      mounts.put(
          mount,
          new Mount(
              mount,
              device,
              fstype,
              options,
              spaces.get(fields[1]),
              uuids.getOrDefault(device, "N/A")));
    }
    return new Mounts(new ArrayList<>(mounts.values()));
  }

  /** The mount table's octal escapes ({@code \040} for a space) decoded. */
  static String unescape(String field) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\'
          && i + 3 < field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
