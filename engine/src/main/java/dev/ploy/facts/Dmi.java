package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine's DMI facts (ansible_system_vendor, ansible_product_name, ansible_bios_version,
 * ansible_form_factor...) as ansible-core 2.14 reads them from /sys/devices/virtual/dmi/id: "NA"
 * for a file that cannot be read or is empty, and for all of them on a host without that directory
 * (a container). Not done: Ansible's fall-back to dmidecode on a host that has dmidecode but not
 * the directory (such a host says "NA" here).
 *
 * @param values each fact without its ansible_ prefix, in Ansible's order
 */
public record Dmi(Map<String, String> values) {
  private static final String DIR = "/sys/devices/virtual/dmi/id";

  /** Ansible's names and the files they come from, in Ansible's order. */
  private static final Map<String, String> FILES = files();

  /** The chassis types of the DMI specification, by number (DSP0134 3.2.0), as Ansible has them. */
  private static final List<String> FORM_FACTORS =
      List.of(
          "Unknown",
          "Other",
          "Unknown",
          "Desktop",
          "Low Profile Desktop",
          "Pizza Box",
          "Mini Tower",
          "Tower",
          "Portable",
          "Laptop",
          "Notebook",
          "Hand Held",
          "Docking Station",
          "All In One",
          "Sub Notebook",
          "Space-saving",
          "Lunch Box",
          "Main Server Chassis",
          "Expansion Chassis",
          "Sub Chassis",
          "Bus Expansion Chassis",
          "Peripheral Chassis",
          "RAID Chassis",
          "Rack Mount Chassis",
          "Sealed-case PC",
          "Multi-system",
          "CompactPCI",
          "AdvancedTCA",
          "Blade",
          "Blade Enclosure",
          "Tablet",
          "Convertible",
          "Detachable",
          "IoT Gateway",
          "Embedded PC",
          "Mini PC",
          "Stick PC");

  /** "FILE VALUE" per readable file, when the directory is there. */
  public static final Fact<Dmi> FACT =
      Fact.of(
          "dmi",
          "[ -e "
              + DIR
              + "/product_name ] && for f in "
              + String.join(" ", FILES.values())
              + "; do [ -r "
              + DIR
              + "/$f ] && { read -r v || [ -n \"$v\" ]; } < "
              + DIR
              + "/$f 2>/dev/null && printf '%s %s\\n' $f \"$v\"; done",
          Dmi::parse);

  public Dmi {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  private static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    for (String name :
        List.of(
            "bios_date",
            "bios_vendor",
            "bios_version",
            "board_asset_tag",
            "board_name",
            "board_serial",
            "board_vendor",
            "board_version",
            "chassis_asset_tag",
            "chassis_serial",
            "chassis_vendor",
            "chassis_version")) {
      files.put(name, name);
    }
    files.put("form_factor", "chassis_type");
    for (String name :
        List.of("product_name", "product_serial", "product_uuid", "product_version")) {
      files.put(name, name);
    }
    files.put("system_vendor", "sys_vendor");
    return java.util.Collections.unmodifiableMap(files);
  }

  static Dmi parse(List<String> lines) {
    Map<String, String> read = new LinkedHashMap<>();
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space > 0) {
        read.put(line.substring(0, space), line.substring(space + 1).strip());
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    FILES.forEach(
        (name, file) -> {
          String value = read.getOrDefault(file, "");
          if (value.isEmpty()) {
            values.put(name, "NA");
          } else if (name.equals("form_factor")) {
            values.put(name, formFactor(value));
          } else {
            values.put(name, value);
          }
        });
    return new Dmi(values);
  }

  /** The chassis type's name; a number past the list is "unknown (N)", as in Ansible. */
  private static String formFactor(String type) {
    int number = Fact.parseInt(type, Integer.MIN_VALUE);
    if (number >= 0 && number < FORM_FACTORS.size()) {
      return FORM_FACTORS.get(number);
    }
    return "unknown (" + type + ")";
  }
}
