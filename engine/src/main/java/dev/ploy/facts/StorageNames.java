package dev.ploy.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * The host's names on storage networks, as Ansible reads them: ansible_hostnqn (the first "nqn."
 * line of /etc/nvme/hostnqn), ansible_iscsi_iqn (InitiatorName= of /etc/iscsi/initiatorname.iscsi)
 * and ansible_fibre_channel_wwn (each fc_host's port_name without its "0x"); "" and [] without
 * them.
 */
public record StorageNames(String hostnqn, String iscsiIqn, List<String> fibreChannelWwn) {
  /** The files' lines, each after its kind (nvme, iscsi, fc), read with the shell's builtins. */
  public static final Fact<StorageNames> FACT =
      Fact.of(
          "storage-names",
          Fact.prefixedLines("/etc/nvme/hostnqn", "nvme")
              + "; "
              + Fact.prefixedLines("/etc/iscsi/initiatorname.iscsi", "iscsi")
              + "; for f in /sys/class/fc_host/*/port_name; do [ -r \"$f\" ]"
              + " && while IFS= read -r l || [ -n \"$l\" ]; do printf 'fc %s\\n' \"$l\";"
              + " done < \"$f\"; done",
          StorageNames::parse);

  public StorageNames {
    fibreChannelWwn = List.copyOf(fibreChannelWwn);
  }

  static StorageNames parse(List<String> lines) {
    String hostnqn = null;
    String iqn = null;
    List<String> wwn = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("nvme ") && hostnqn == null) {
        String text = line.substring("nvme ".length());
        if (text.startsWith("nqn.")) {
          hostnqn = text;
        }
      } else if (line.startsWith("iscsi ") && iqn == null) {
        String text = line.substring("iscsi ".length());
        if (text.startsWith("InitiatorName=")) {
          iqn = text.substring("InitiatorName=".length());
        }
      } else if (line.startsWith("fc ")) {
        String port = line.substring("fc ".length()).stripTrailing();
        wwn.add(port.length() > 2 ? port.substring(2) : "");
      }
    }
    return new StorageNames(hostnqn == null ? "" : hostnqn, iqn == null ? "" : iqn, wwn);
  }
}
