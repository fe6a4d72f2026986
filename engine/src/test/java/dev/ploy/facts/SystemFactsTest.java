package dev.ploy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ploy.connection.ExecResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DMI, LSB, kernel command line, storage name, user and clock facts, against what ansible-core
 * 2.14 gave for the same input: on a testbed host (the recorded setup output), or from its own
 * parsing code run on the canned text.
 */
class SystemFactsTest {
  private final ObjectMapper json =
      new ObjectMapper(
          JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());

  private JsonNode probe() throws Exception {
    return json.readTree(getClass().getResource("/facts/ansible-2.14-setup-bookworm-probe.json"));
  }

  /** A container has no /sys/devices/virtual/dmi/id: every DMI fact is NA, as Ansible says. */
  @Test
  void dmiFactsOfAContainerAreNa() throws Exception {
    JsonNode golden = probe();
    Dmi dmi = Dmi.parse(List.of());
    assertThat(dmi.values()).hasSize(18);
    dmi.values()
        .forEach(
            (name, value) ->
                assertThat(value).as(name).isEqualTo(golden.get("ansible_" + name).asText()));
  }

  @Test
  void dmiFactsAreTheFilesAndTheChassisTypesName() {
    Dmi dmi =
        Dmi.parse(
            List.of(
                "sys_vendor QEMU",
                "product_name Standard PC (Q35 + ICH9, 2009)",
                "chassis_type 1",
                "bios_version 1.16.2-debian-1.16.2-1"));
    assertThat(dmi.values())
        .containsEntry("system_vendor", "QEMU")
        .containsEntry("product_name", "Standard PC (Q35 + ICH9, 2009)")
        .containsEntry("form_factor", "Other")
        .containsEntry("bios_version", "1.16.2-debian-1.16.2-1")
        .containsEntry("product_serial", "NA");
    assertThat(Dmi.parse(List.of("chassis_type 99")).values().get("form_factor"))
        .isEqualTo("unknown (99)");
  }

  @Test
  void lsbIsEmptyWithoutLsbReleaseAndReadsItWhenThere() throws Exception {
    assertThat(Lsb.parse(List.of("@lsb-release")))
        .isEqualTo(json.convertValue(probe().get("ansible_lsb"), Map.class))
        .isEmpty();
    // as Ansible's LSBFactCollector gave it for this output of lsb_release -a
    assertThat(
            Lsb.parse(
                List.of(
                    "No LSB modules are available.",
                    "Distributor ID:\tUbuntu",
                    "Description:\tUbuntu 22.04.4 LTS",
                    "Release:\t22.04",
                    "Codename:\tjammy",
                    "@lsb-release",
                    "DISTRIB_ID=Other")))
        .containsExactly(
            Map.entry("id", "Ubuntu"),
            Map.entry("description", "Ubuntu 22.04.4 LTS"),
            Map.entry("release", "22.04"),
            Map.entry("codename", "jammy"),
            Map.entry("major_release", "22"));
    assertThat(
            Lsb.parse(
                List.of(
                    "@lsb-release",
                    "DISTRIB_ID=Ubuntu",
                    "DISTRIB_RELEASE=22.04",
                    "DISTRIB_DESCRIPTION=\"Ubuntu 22.04.4 LTS\"")))
        .containsEntry("description", "Ubuntu 22.04.4 LTS")
        .containsEntry("major_release", "22");
  }

  @Test
  void cmdlineIsAnsiblesOnATestbedHostAndForRepeatedKeysAndQuotes() throws Exception {
    JsonNode golden = probe();
    String line;
    try (var in = getClass().getResourceAsStream("/facts/cmdline-bookworm-probe.txt")) {
      line = new String(in.readAllBytes()).strip();
    }
    Cmdline cmdline = new Cmdline(line);
    assertThat(cmdline.cmdline())
        .isEqualTo(json.convertValue(golden.get("ansible_cmdline"), Map.class));
    assertThat(cmdline.procCmdline())
        .isEqualTo(json.convertValue(golden.get("ansible_proc_cmdline"), Map.class));
    // as Ansible's CmdLineFactCollector parsed this line
    Cmdline repeated =
        new Cmdline(
            "BOOT_IMAGE=/vmlinuz root=UUID=abc ro console=tty0 console=ttyS0,115200 quiet \"x y\"z");
    assertThat(repeated.cmdline())
        .containsExactly(
            Map.entry("BOOT_IMAGE", "/vmlinuz"),
            Map.entry("root", "UUID=abc"),
            Map.entry("ro", true),
            Map.entry("console", "ttyS0,115200"),
            Map.entry("quiet", true),
            Map.entry("\"x y\"", true),
            Map.entry("z", true));
    assertThat(repeated.procCmdline()).containsEntry("console", List.of("tty0", "ttyS0,115200"));
    assertThat(Cmdline.words("a \"b c")).isEmpty();
  }

  @Test
  void storageNamesAreTheFilesFirstNames() throws Exception {
    JsonNode golden = probe();
    StorageNames none = StorageNames.parse(List.of());
    assertThat(none.hostnqn()).isEqualTo(golden.get("ansible_hostnqn").asText()).isEmpty();
    assertThat(none.iscsiIqn()).isEqualTo(golden.get("ansible_iscsi_iqn").asText()).isEmpty();
    assertThat(none.fibreChannelWwn()).isEmpty();
    StorageNames some =
        StorageNames.parse(
            List.of(
                "nvme # generated",
                "nvme nqn.2014-08.org.nvmexpress:uuid:2cd61a74",
                "iscsi ## DO NOT EDIT",
                "iscsi InitiatorName=iqn.1993-08.org.debian:01:44a42c8ddb8b",
                "fc 0x21000014ff52a9bb"));
    assertThat(some)
        .isEqualTo(
            new StorageNames(
                "nqn.2014-08.org.nvmexpress:uuid:2cd61a74",
                "iqn.1993-08.org.debian:01:44a42c8ddb8b",
                List.of("21000014ff52a9bb")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void gatheredFactsNameTheUserAndTheClockAsAnsibleDoes() throws Exception {
    String output =
        "@@user\nuid=1000(deploy) gid=1000(deploy) groups=1000(deploy)\n"
            + "@@user-gecos\ndeploy:x:1000:1000:Deploy User,,,:/home/deploy:/bin/bash\n"
            + "@@clock\n2026-12-07|22:24:41|1796682281|UTC|+0000|Monday|341|49|1|056041123\n"
            + "@@end\n";
    Map<String, Object> facts =
        FactGatherer.named(
            new FactCache()
                .refresh(FactGatherer.GATHERED, command -> new ExecResult(0, output, "")));
    assertThat(facts)
        .containsEntry("ansible_user_gecos", "Deploy User,,,")
        .containsEntry("ansible_real_user_id", 1000)
        .containsEntry("ansible_real_group_id", 1000)
        .containsEntry("ansible_lsb", Map.of())
        .doesNotContainKey("ansible_cmdline");
    // the keys and values of ansible_date_time Ansible gave at that moment on a testbed host
    Map<?, ?> golden = json.convertValue(probe().get("ansible_date_time"), Map.class);
    Map<String, Object> clock =
        new java.util.LinkedHashMap<>((Map<String, Object>) facts.get("ansible_date_time"));
    assertThat(clock.remove("julian_day")).isEqualTo("341");
    Map<Object, Object> expected = new java.util.LinkedHashMap<>(golden);
    assertThat(expected.remove("tz_dst")).isEqualTo("UTC");
    assertThat(clock).isEqualTo(expected);
  }
}
