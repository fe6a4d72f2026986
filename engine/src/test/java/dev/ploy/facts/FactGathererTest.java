package dev.ploy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.LocalConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FactGathererTest {

  @Test
  void gathersTheControlNodesFactsInAnsiblesNames() throws Exception {
    Map<String, Object> facts;
    try (LocalConnection local = new LocalConnection("localhost")) {
      facts = FactGatherer.gather(local, Optional.empty(), new FactCache(), line -> {});
    }
    assertThat(facts)
        .containsKeys(
            "ansible_hostname",
            "ansible_fqdn",
            "ansible_os_family",
            "ansible_distribution",
            "ansible_distribution_version",
            "ansible_distribution_release",
            "ansible_architecture",
            "ansible_kernel",
            "ansible_processor_vcpus",
            "ansible_memtotal_mb",
            "ansible_default_ipv4",
            "ansible_service_mgr",
            "ansible_pkg_mgr",
            "ansible_env",
            "ansible_user_id",
            "ansible_effective_user_id",
            "ansible_effective_group_id",
            "ansible_mounts",
            "ansible_uptime_seconds",
            "ansible_date_time",
            "ansible_facts");
    assertThat(facts.get("ansible_system")).isEqualTo("Linux");
    assertThat((Integer) facts.get("ansible_processor_vcpus")).isPositive();
    assertThat(((Map<?, ?>) facts.get("ansible_env")).containsKey("PATH")).isTrue();
  }

  @Test
  void factsReadWithTheShellsBuiltinsSayWhatTheFilesAndToolsSay() throws Exception {
    // the facts read files with `read` and parse one `id` and one `date` (fewer processes on the
    // target): the values must be those of cat, uname, id and date -u, as before
    Map<String, Object> facts;
    try (LocalConnection local = new LocalConnection("localhost")) {
      facts = FactGatherer.gather(local, Optional.empty(), new FactCache(), line -> {});
    }
    assertThat(facts.get("ansible_kernel")).isEqualTo(sh("uname -r"));
    assertThat(facts.get("ansible_kernel_version")).isEqualTo(sh("uname -v"));
    assertThat(facts.get("ansible_nodename")).isEqualTo(sh("uname -n"));
    assertThat(facts.get("ansible_machine")).isEqualTo(sh("uname -m"));
    assertThat(facts.get("ansible_user_id")).isEqualTo(sh("id -un"));
    assertThat(facts.get("ansible_user_uid")).isEqualTo(Integer.parseInt(sh("id -u")));
    assertThat(facts.get("ansible_user_gid")).isEqualTo(Integer.parseInt(sh("id -g")));
    assertThat(facts.get("ansible_machine_id"))
        .isEqualTo(sh("cat /etc/machine-id 2>/dev/null || true"));
    assertThat(facts.get("ansible_service_mgr"))
        .isEqualTo(sh("c=$(cat /proc/1/comm); [ \"$c\" = init ] && echo sysvinit || echo $c"));
    assertThat(facts.get("ansible_distribution_version"))
        .asString()
        .startsWith(sh(". /etc/os-release; echo ${VERSION_ID%%.*}"));
    assertThat((Integer) facts.get("ansible_memtotal_mb"))
        .isEqualTo(Integer.parseInt(sh("awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo")));
    Map<?, ?> clock = (Map<?, ?>) facts.get("ansible_date_time");
    assertThat(clock.get("iso8601"))
        .isEqualTo(sh("date -u -d @" + clock.get("epoch") + " '+%Y-%m-%dT%H:%M:%SZ'"));
  }

  @Test
  void aUserWithoutANameKeepsItsIds() {
    assertThat(User.parse(List.of("uid=0(root) gid=0(root) groups=0(root)")))
        .isEqualTo(new User("root", 0, 0, 0, 0));
    assertThat(User.parse(List.of("uid=1234 gid=1234 groups=1234")))
        .isEqualTo(new User("", 1234, 1234, 1234, 1234));
    assertThat(User.parse(List.of())).isEqualTo(new User("", -1, -1, -1, -1));
  }

  @Test
  void effectiveIdsAreTheRealOnesUnlessIdNamesOthers() {
    assertThat(
            User.parse(
                List.of("uid=1000(deploy) gid=1000(deploy) euid=0(root) egid=0(root) groups=27")))
        .isEqualTo(new User("deploy", 1000, 1000, 0, 0));
  }

  @Test
  void uptimeIsTheWholeSecondsOfProcUptime() {
    assertThat(Uptime.parse(List.of("49632.97 98123.10"))).isEqualTo(49632L);
    assertThat(Uptime.parse(List.of())).isEqualTo(-1L);
  }

  @Test
  void debiansMinorVersionComesFromItsPointRelease() {
    Distribution bookworm =
        Distribution.parse(List.of("debian_version 12.15", "ID=debian", "VERSION_ID=\"12\""));
    assertThat(bookworm.minorVersion()).isEqualTo("15");
    assertThat(Distribution.parse(List.of("ID=ubuntu", "VERSION_ID=\"22.04\"")).minorVersion())
        .isEmpty();
  }

  /**
   * ansible_mounts from the output recorded on a testbed host (a Debian 12 container), against what
   * ansible-core 2.14's setup module reported on that host: the same mounts, devices, options
   * (",bind" added to bind mounts) and UUIDs, the same keys, and the sizes statvfs gave.
   */
  @Test
  void mountsAreAnsiblesFromTheRecordedOutputOfATestbedHost() throws Exception {
    List<String> output = resourceLines("/facts/mounts-bookworm-docker.txt");
    List<Map<String, Object>> mounts = Mounts.parse(output).asAnsible();
    JsonNode golden =
        new ObjectMapper()
            .readTree(getClass().getResource("/facts/ansible-2.14-setup-bookworm-docker.json"))
            .get("ansible_mounts");
    assertThat(mounts).hasSize(golden.size());
    for (int i = 0; i < mounts.size(); i++) {
      Map<String, Object> mount = mounts.get(i);
      JsonNode ansible = golden.get(i);
      List<String> keys = new ArrayList<>();
      ansible.fieldNames().forEachRemaining(keys::add);
      assertThat(mount).containsOnlyKeys(keys);
      for (String key : List.of("mount", "device", "fstype", "options", "uuid")) {
        assertThat(mount.get(key)).as(key).isEqualTo(ansible.get(key).asText());
      }
      for (String key : List.of("block_size", "block_total", "inode_total", "size_total")) {
        assertThat(((Number) mount.get(key)).longValue())
            .as(key)
            .isEqualTo(ansible.get(key).asLong());
      }
    }
    assertThat(mounts.get(0))
        .containsEntry("block_available", 19360067L)
        .containsEntry("block_used", 66053021L - 19360067L)
        .containsEntry("size_available", 4096L * 19360067L)
        .containsEntry("inode_available", 16227372L)
        .containsEntry("inode_used", 16777216L - 16227372L);
  }

  @Test
  void mountsKeepDevicesThatArePathsOrSharesAndDecodeEscapes() {
    Mounts mounts =
        Mounts.parse(
            List.of(
                "mtab proc /proc proc rw 0 0",
                "mtab /dev/sda1 / ext4 rw,relatime",
                "mtab srv:/export /mnt/my\\040share nfs4 rw",
                "mtab /dev/sdb1 /swapish none rw",
                "mountinfo 22 1 8:1 / / rw - ext4 /dev/sda1 rw",
                "@lsblk",
                "/dev/sda  ",
                "/dev/sda1 0b1c2d3e-aaaa",
                "@statvfs",
                "4096 4096 100 40 50 20 /"));
    assertThat(mounts.asAnsible())
        .extracting(m -> m.get("mount") + " " + m.get("uuid") + " " + m.containsKey("size_total"))
        .containsExactly("/ 0b1c2d3e-aaaa true", "/mnt/my share N/A false");
  }

  @Test
  void dnsIsResolvConfAsAnsibleReadsIt() {
    assertThat(
            Dns.parse(
                List.of(
                    "# generated",
                    "nameserver 10.0.0.2",
                    "search example.com corp.example.com",
                    "; old",
                    "nameserver 10.0.0.3",
                    "domain example.com",
                    "options ndots:2 rotate timeout:")))
        .isEqualTo(
            Map.of(
                "nameservers", List.of("10.0.0.2", "10.0.0.3"),
                "search", List.of("example.com", "corp.example.com"),
                "domain", "example.com",
                "options", Map.of("ndots", "2", "rotate", true, "timeout", true)));
    assertThat(Dns.parse(List.of())).isEmpty();
  }

  @Test
  void sshHostKeysComeFromTheFirstDirectoryHoldingThem() {
    assertThat(
            SshHostKeys.parse(
                List.of(
                    "/etc/ssh rsa ssh-rsa AAAArsa root@h1",
                    "/etc/ssh ed25519 ssh-ed25519 AAAAed root@h1",
                    "/etc ecdsa ecdsa-sha2-nistp256 AAAAec")))
        .containsExactly(
            Map.entry("ssh_host_key_rsa_public", "AAAArsa"),
            Map.entry("ssh_host_key_rsa_public_keytype", "ssh-rsa"),
            Map.entry("ssh_host_key_ed25519_public", "AAAAed"),
            Map.entry("ssh_host_key_ed25519_public_keytype", "ssh-ed25519"));
  }

  /** Interfaces from the output recorded on a testbed host, against ansible-core 2.14's. */
  @Test
  void interfacesAreAnsiblesFromTheRecordedOutputOfATestbedHost() throws Exception {
    Interfaces interfaces =
        Interfaces.parse(resourceLines("/facts/interfaces-bookworm-docker.txt"));
    ObjectMapper json = new ObjectMapper();
    JsonNode golden =
        json.readTree(getClass().getResource("/facts/ansible-2.14-setup-bookworm-docker.json"));
    assertThat(new ArrayList<Object>(interfaces.interfaces().keySet()))
        .isEqualTo(json.convertValue(golden.get("ansible_interfaces"), List.class));
    for (String name : List.of("lo", "eth0")) {
      assertThat(interfaces.interfaces().get(name))
          .isEqualTo(json.convertValue(golden.get("ansible_" + name), Map.class));
    }
    assertThat(interfaces.allIpv6()).isEmpty();
    assertThat(interfaces.defaultIpv6()).isEmpty();
  }

  @Test
  void interfacesTakeSecondaryAliasAndIpv6AddressesAsAnsibleDoes() {
    Interfaces interfaces =
        Interfaces.parse(
            List.of(
                "iface eth0",
                "sys eth0 address 52:54:00:12:34:56",
                "sys eth0 mtu 1500",
                "sys eth0 flags 0x1103",
                "@ip",
                "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\\       valid_lft",
                "2: eth0    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0:1\\  x",
                "2: eth0    inet6 2001:db8::5/64 scope global \\       valid_lft forever",
                "2: eth0    inet6 fe80::5054:ff:fe12:3456/64 scope link \\       valid_lft",
                "@route",
                "2404:6800:400a:800::1012 from :: via fe80::1 dev eth0 src 2001:db8::5 metric 1"));
    assertThat(interfaces.interfaces()).containsOnlyKeys("eth0", "eth0_1");
    Map<String, Object> eth0 = interfaces.interfaces().get("eth0");
    assertThat(eth0).containsEntry("promisc", true).containsKey("ipv4_secondaries");
    assertThat(interfaces.interfaces().get("eth0_1")).containsOnlyKeys("ipv4_secondaries");
    assertThat(interfaces.allIpv6()).containsExactly("2001:db8::5", "fe80::5054:ff:fe12:3456");
    assertThat(interfaces.defaultIpv6())
        .containsEntry("interface", "eth0")
        .containsEntry("address", "2001:db8::5")
        .containsEntry("gateway", "fe80::1")
        .containsEntry("prefix", "64")
        .containsEntry("scope", "global")
        .containsEntry("macaddress", "52:54:00:12:34:56")
        .containsEntry("mtu", 1500);
  }

  /** The processor counts on a testbed host, against ansible-core 2.14's on that host. */
  @Test
  void processorCountsAreAnsiblesFromTheRecordedOutputOfATestbedHost() throws Exception {
    JsonNode golden = probe();
    Processor processor = Processor.parse(resourceLines("/facts/processor-bookworm-probe.txt"));
    Map<String, Integer> counts = processor.counts("x86_64");
    assertThat(counts)
        .containsOnlyKeys(
            "processor_count",
            "processor_cores",
            "processor_threads_per_core",
            "processor_vcpus",
            "processor_nproc");
    counts.forEach(
        (name, count) ->
            assertThat(count).as(name).isEqualTo(golden.get("ansible_" + name).asInt()));
    assertThat(processor.processor())
        .isEqualTo(new ObjectMapper().convertValue(golden.get("ansible_processor"), List.class));
  }

  /**
   * Counts on hosts the testbed does not have, each as ansible-core 2.14's get_cpu_facts gave them
   * for the same /proc/cpuinfo (run with that file and the architecture, sched_getaffinity giving 3
   * processors): two sockets of four cores with two threads each, a Xen paravirtual guest (no vme
   * flag: every processor a socket of one core), an ARM host (only its "processor" lines count),
   * and s390x, where Ansible counts nothing.
   */
  @Test
  void processorCountsFollowAnsiblesRulesForSocketsThreadsXenArmAndS390x() throws Exception {
    List<String> twoSockets = resourceLines("/facts/cpuinfo-two-sockets-ht.txt");
    twoSockets.add("@affinity Cpus_allowed_list:\t0,2-3");
    assertThat(Processor.parse(twoSockets).counts("x86_64"))
        .containsExactly(
            Map.entry("processor_count", 2),
            Map.entry("processor_cores", 4),
            Map.entry("processor_threads_per_core", 2),
            Map.entry("processor_vcpus", 16),
            Map.entry("processor_nproc", 3));
    assertThat(Processor.parse(twoSockets).processor()).hasSize(48);
    List<String> xen = resourceLines("/facts/cpuinfo-xen-pv.txt");
    xen.add(0, "@xen");
    assertThat(Processor.parse(xen).counts("x86_64"))
        .containsExactly(
            Map.entry("processor_count", 2),
            Map.entry("processor_cores", 2),
            Map.entry("processor_threads_per_core", 1),
            Map.entry("processor_vcpus", 2));
    List<String> arm = resourceLines("/facts/cpuinfo-aarch64.txt");
    arm.add("@affinity Cpus_allowed_list:\t0-2");
    assertThat(Processor.parse(arm).counts("aarch64"))
        .containsExactly(
            Map.entry("processor_count", 4),
            Map.entry("processor_cores", 1),
            Map.entry("processor_threads_per_core", 1),
            Map.entry("processor_vcpus", 4),
            Map.entry("processor_nproc", 3));
    assertThat(Processor.parse(twoSockets).counts("s390x")).isEmpty();
    // without its affinity, nproc is the number of "processor" lines, as in Ansible
    assertThat(Processor.parse(resourceLines("/facts/cpuinfo-aarch64.txt")).counts("aarch64"))
        .containsEntry("processor_nproc", 4);
  }

  /** ansible_default_ipv4 and ansible_all_ipv4_addresses on a testbed host, against Ansible's. */
  @Test
  void defaultIpv4IsAnsiblesFromTheRecordedOutputOfATestbedHost() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode golden = probe();
    Interfaces interfaces = Interfaces.parse(resourceLines("/facts/interfaces-bookworm-probe.txt"));
    assertThat(interfaces.defaultIpv4())
        .isEqualTo(json.convertValue(golden.get("ansible_default_ipv4"), Map.class))
        .containsKeys(
            "address",
            "alias",
            "broadcast",
            "gateway",
            "interface",
            "macaddress",
            "mtu",
            "netmask",
            "network",
            "prefix",
            "type");
    assertThat(interfaces.allIpv4())
        .isEqualTo(json.convertValue(golden.get("ansible_all_ipv4_addresses"), List.class));
  }

  /**
   * Ansible leaves out of ansible_all_ipv4_addresses the addresses starting "127.", on whatever
   * interface, and keeps lo's others; the default route's alias is the label of its address.
   */
  @Test
  void allIpv4AddressesLeaveOut127Slash8AndTheDefaultTakesItsAlias() {
    Interfaces interfaces =
        Interfaces.parse(
            List.of(
                "iface lo",
                "sys lo address 00:00:00:00:00:00",
                "sys lo mtu 65536",
                "sys lo type 772",
                "iface eth0",
                "sys eth0 address 52:54:00:12:34:56",
                "sys eth0 mtu 9000",
                "sys eth0 type 1",
                "@ip",
                "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever",
                "1: lo    inet 10.9.9.9/32 scope global lo\\       valid_lft forever",
                "2: eth0    inet 127.1.2.3/8 scope host eth0\\       valid_lft forever",
                "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\\  x",
                "2: eth0    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0:web\\  x",
                "@route4",
                "8.8.8.8 via 10.0.0.1 dev eth0 src 10.0.0.6 uid 0",
                "    cache",
                "@route"));
    assertThat(interfaces.allIpv4()).containsExactly("10.9.9.9", "10.0.0.5", "10.0.0.6");
    assertThat(interfaces.defaultIpv4())
        .containsExactly(
            Map.entry("gateway", "10.0.0.1"),
            Map.entry("interface", "eth0"),
            Map.entry("address", "10.0.0.6"),
            Map.entry("broadcast", "10.0.0.255"),
            Map.entry("netmask", "255.255.255.0"),
            Map.entry("network", "10.0.0.0"),
            Map.entry("prefix", "24"),
            Map.entry("macaddress", "52:54:00:12:34:56"),
            Map.entry("mtu", 9000),
            Map.entry("type", "ether"),
            Map.entry("alias", "eth0:web"));
    // no route to 8.8.8.8 (a host on loopback only): {} as Ansible gives
    assertThat(Interfaces.parse(List.of("iface lo", "@ip", "@route4", "@route")).defaultIpv4())
        .isEmpty();
  }

  @Test
  void processorIsTheListAnsibleBuildsFromCpuinfo() throws Exception {
    JsonNode golden =
        new ObjectMapper()
            .readTree(getClass().getResource("/facts/ansible-2.14-setup-bookworm-docker.json"));
    assertThat(Processor.parse(resourceLines("/facts/processor-bookworm-docker.txt")).processor())
        .isEqualTo(new ObjectMapper().convertValue(golden.get("ansible_processor"), List.class));
  }

  @Test
  void memoryMbIsAnsiblesSumsOfWholeMebibytes() {
    Memory memory =
        Memory.parse(
            List.of(
                "MemTotal:       24683520 kB",
                "MemFree:        20699136 kB",
                "Buffers:          102400 kB",
                "Cached:          1740800 kB",
                "SwapCached:            0 kB",
                "SwapTotal:       1048576 kB",
                "SwapFree:         524288 kB"));
    assertThat(memory.asAnsible())
        .isEqualTo(
            Map.of(
                "real", Map.of("total", 24105, "used", 3891, "free", 20214),
                "nocache", Map.of("free", 22014, "used", 2091),
                "swap", Map.of("total", 1024, "free", 512, "used", 512, "cached", 0)));
    assertThat(memory.totalMb()).isEqualTo(24105);
    Map<String, Object> unknown = new java.util.LinkedHashMap<>();
    unknown.put("free", null);
    unknown.put("used", null);
    assertThat(Memory.parse(List.of("MemTotal: 1024 kB")).asAnsible().get("nocache"))
        .isEqualTo(unknown);
  }

  /**
   * What ansible-core 2.14's setup module gave on a testbed host ("probe", as root with sudo, a
   * facts.d of test files in place), read as Ansible's JSON: with its NaN and Infinity.
   */
  private JsonNode probe() throws Exception {
    return new ObjectMapper(
            com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build())
        .readTree(getClass().getResource("/facts/ansible-2.14-setup-bookworm-probe.json"));
  }

  private List<String> resourceLines(String name) throws Exception {
    try (var in = getClass().getResourceAsStream(name)) {
      List<String> lines = new ArrayList<>(List.of(new String(in.readAllBytes()).split("\n")));
      lines.removeIf(String::isEmpty);
      return lines;
    }
  }

  private static String sh(String command) throws Exception {
    Process process = new ProcessBuilder("/bin/sh", "-c", command).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    process.waitFor();
    return out;
  }

  @Test
  void namesContainersAndVirtualMachinesAsAnsiblesVirtualFacts() {
    assertThat(Virtualization.parse(List.of("cgroup 0::/docker/0123abcd", "exists /.dockerenv")))
        .isEqualTo(
            new Virtualization("docker", "guest", List.of("container", "docker"), List.of()));
    assertThat(Virtualization.parse(List.of("environ container=podman")))
        .isEqualTo(
            new Virtualization("podman", "guest", List.of("container", "podman"), List.of()));
    assertThat(Virtualization.parse(List.of("cgroup 0::/init.scope", "dmi-sys_vendor QEMU")))
        .isEqualTo(new Virtualization("kvm", "guest", List.of("kvm"), List.of()));
    assertThat(Virtualization.parse(List.of("dmi-product_name Precision 7560")))
        .isEqualTo(new Virtualization("NA", "NA", List.of(), List.of()));
  }

  @Test
  void namesTheDistributionAsAnsibleDoes() throws Exception {
    String output =
        "@@distribution\ndebian_version 12.7\nID=debian\nVERSION_ID=\"12\"\n"
            + "VERSION_CODENAME=bookworm\n"
            + "@@kernel\nLinux\nweb1.example.com\n6.1.0\nx86_64\n#1 SMP\n"
            + "@@service-manager\nsystemd\n@@package-manager\napt-get\ndnf\n"
            + "@@interfaces\niface eth0\n@ip\n"
            + "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\n"
            + "@route4\n8.8.8.8 via 10.0.0.1 dev eth0 src 10.0.0.5 uid 0\n    cache\n@@end\n";
    Map<String, Object> facts =
        FactGatherer.named(
            new FactCache()
                .refresh(FactGatherer.GATHERED, command -> new ExecResult(0, output, "")));
    assertThat(facts)
        .containsEntry("ansible_distribution", "Debian")
        .containsEntry("ansible_os_family", "Debian")
        .containsEntry("ansible_distribution_version", "12.7")
        .containsEntry("ansible_distribution_major_version", "12")
        .containsEntry("ansible_distribution_release", "bookworm")
        .containsEntry("ansible_hostname", "web1")
        .containsEntry("ansible_fqdn", "web1.example.com")
        .containsEntry("ansible_service_mgr", "systemd")
        .containsEntry("ansible_pkg_mgr", "apt")
        .containsEntry("ansible_processor_count", 0)
        .containsEntry("ansible_user_uid", -1);
    assertThat(((Map<?, ?>) facts.get("ansible_default_ipv4")).get("address"))
        .isEqualTo("10.0.0.5");
    assertThat(((Map<?, ?>) facts.get("ansible_default_ipv4")).get("gateway"))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void aHostWithoutAnInitToReadRunsSysvinitAndOneWithoutManagersHasAnUnknownOne() throws Exception {
    String output = "@@service-manager\ninit\n@@package-manager\n@@end\n";
    FactCache.Values values =
        new FactCache()
            .refresh(
                List.of(ServiceManager.FACT, PackageManager.FACT),
                command -> new ExecResult(0, output, ""));
    assertThat(values.get(ServiceManager.FACT)).isEqualTo("sysvinit");
    assertThat(values.get(PackageManager.FACT)).isEqualTo("unknown");
  }

  @Test
  void describesTheTargetsPythonWhenThereIsOne() throws Exception {
    Map<String, Object> python =
        new FactCache()
            .refresh(
                List.of(Python.FACT),
                command ->
                    new ExecResult(0, "@@python\n/usr/bin/python3\nPython 3.11.2\n@@end\n", ""))
            .get(Python.FACT);
    assertThat(Python.version(python)).isEqualTo("3.11.2");
    assertThat(python)
        .containsEntry("executable", "/usr/bin/python3")
        .containsEntry("version_info", java.util.List.of(3, 11, 2, "final", 0))
        .containsEntry(
            "version",
            Map.of("major", 3, "minor", 11, "micro", 2, "releaselevel", "final", "serial", 0));
    Map<String, Object> none =
        new FactCache()
            .refresh(List.of(Python.FACT), command -> new ExecResult(0, "@@python\n@@end\n", ""))
            .get(Python.FACT);
    assertThat(none).isEmpty();
  }

  @Test
  void namesFipsSelinuxAndApparmorAsAnsiblesFacts() throws Exception {
    String debian = "@@security\nfips=0\n@@end\n";
    Map<String, Object> facts =
        FactGatherer.named(
            new FactCache()
                .refresh(FactGatherer.GATHERED, command -> new ExecResult(0, debian, "")));
    // as ansible-playbook 2.14's setup printed them on a testbed host
    assertThat(facts)
        .containsEntry("ansible_fips", false)
        .containsEntry("ansible_selinux", Map.of("status", "disabled"))
        .containsEntry("ansible_apparmor", Map.of("status", "disabled"));
    assertThat(((Map<?, ?>) facts.get("ansible_facts")).get("fips")).isEqualTo(false);

    Security hardened =
        Security.parse(
            List.of(
                "fips=1",
                "selinux-enforce=1",
                "selinux-policyvers=33",
                "selinux-config=enforcing",
                "selinux-type=targeted",
                "apparmor=enabled"));
    assertThat(hardened.fips()).isTrue();
    assertThat(hardened.selinux())
        .containsEntry("status", "enabled")
        .containsEntry("mode", "enforcing")
        .containsEntry("config_mode", "enforcing")
        .containsEntry("type", "targeted")
        .containsEntry("policyvers", 33);
    assertThat(hardened.apparmor()).containsEntry("status", "enabled");
  }
}
