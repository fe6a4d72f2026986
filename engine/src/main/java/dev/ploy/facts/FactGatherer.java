package dev.ploy.facts;

import dev.ploy.connection.Become;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gathers Ansible's facts ({@code ansible_distribution}, {@code ansible_os_family}...) from the
 * host's typed {@link Fact}s, all read afresh in one round trip (no Python on the target) and kept
 * in the host's {@link FactCache} for the modules. Every fact is also available under {@code
 * ansible_facts} without its prefix.
 */
public final class FactGatherer {
  private FactGatherer() {}

  /** The facts gathering reads. */
  public static final List<Fact<?>> GATHERED =
      List.of(
          Distribution.FACT,
          Kernel.FACT,
          Server.FQDN,
          Memory.FACT,
          ServiceManager.FACT,
          PackageManager.FACT,
          User.FACT,
          Server.CLOCK,
          Server.MACHINE_ID,
          Server.ENVIRONMENT,
          Virtualization.FACT,
          Security.FACT,
          Python.FACT,
          Mounts.FACT,
          Uptime.FACT,
          Dns.FACT,
          SshHostKeys.FACT,
          Interfaces.FACT,
          Processor.FACT,
          Local.FACT,
          Lsb.FACT,
          User.GECOS,
          Dmi.FACT,
          Cmdline.FACT,
          StorageNames.FACT);

  /** The facts gathering reads, the local ones from {@code factPath} (setup's fact_path). */
  public static List<Fact<?>> gathered(String factPath) {
    List<Fact<?>> facts = new java.util.ArrayList<>(GATHERED);
    facts.set(facts.indexOf(Local.FACT), Local.fact(factPath));
    return List.copyOf(facts);
  }

  /**
   * Reads the facts with {@code become} (each command line sent to {@code trace}), keeps them in
   * {@code cache}, and names them as Ansible does. A host that cannot run /bin/sh gets an
   * exception.
   */
  public static Map<String, Object> gather(
      Connection connection, Optional<Become> become, FactCache cache, Consumer<String> trace)
      throws ConnectionException {
    try {
      return named(
          cache.refresh(
              GATHERED,
              command -> {
                trace.accept(command.withBecome(become).wrapped());
                return connection.exec(command.withBecome(become));
              }));
    } catch (FactException e) {
      throw new ConnectionException(
          "gathering facts failed (rc=" + e.rc() + "): " + e.stderr().strip());
    }
  }

  /** The local facts among {@code values}, from whichever fact path they were read. */
  public static Local local(FactCache.Values values) {
    return values.values().values().stream()
        .filter(Local.class::isInstance)
        .map(Local.class::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the local facts were not read"));
  }

  /** The facts under Ansible's names (ansible_*), and all of them again under ansible_facts. */
  public static Map<String, Object> named(FactCache.Values values) {
    Map<String, Object> facts = new LinkedHashMap<>();
    Kernel kernel = values.get(Kernel.FACT);
    facts.put("ansible_system", kernel.system());
    facts.put("ansible_nodename", kernel.nodename());
    facts.put("ansible_hostname", kernel.nodename().split("\\.")[0]);
    facts.put("ansible_kernel", kernel.release());
    facts.put("ansible_architecture", kernel.machine());
    facts.put("ansible_machine", kernel.machine());
    facts.put("ansible_kernel_version", kernel.version());
    String fqdn = values.get(Server.FQDN);
    facts.put("ansible_fqdn", fqdn.isEmpty() ? kernel.nodename() : fqdn);
    facts.put("ansible_domain", fqdn.contains(".") ? fqdn.substring(fqdn.indexOf('.') + 1) : "");

    Distribution distribution = values.get(Distribution.FACT);
    facts.put("ansible_distribution", distribution.name());
    facts.put("ansible_os_family", distribution.family());
    facts.put("ansible_distribution_version", distribution.version());
    facts.put("ansible_distribution_major_version", distribution.majorVersion());
    if (!distribution.minorVersion().isEmpty()) {
      facts.put("ansible_distribution_minor_version", distribution.minorVersion());
    }
    facts.put("ansible_distribution_release", distribution.release());
    Map<String, String> lsb = values.get(Lsb.FACT);
    if (lsb != null) {
      facts.put("ansible_lsb", new LinkedHashMap<>(lsb));
    }

    Memory memory = values.get(Memory.FACT);
    facts.put("ansible_memtotal_mb", memory.totalMb());
    facts.put("ansible_memfree_mb", memory.freeMb());
    facts.put("ansible_swaptotal_mb", memory.swapTotalMb());
    facts.put("ansible_swapfree_mb", memory.swapFreeMb());
    facts.put("ansible_memory_mb", memory.asAnsible());
    Processor processor = values.get(Processor.FACT);
    facts.put("ansible_processor", new java.util.ArrayList<>(processor.processor()));
    processor
        .counts(kernel.machine())
        .forEach((name, count) -> facts.put("ansible_" + name, count));

    Interfaces interfaces = values.get(Interfaces.FACT);
    facts.put("ansible_default_ipv4", new LinkedHashMap<>(interfaces.defaultIpv4()));
    facts.put("ansible_all_ipv4_addresses", new java.util.ArrayList<>(interfaces.allIpv4()));
    facts.put("ansible_interfaces", new java.util.ArrayList<>(interfaces.interfaces().keySet()));
    interfaces
        .interfaces()
        .forEach((name, value) -> facts.put("ansible_" + name, new LinkedHashMap<>(value)));
    facts.put("ansible_all_ipv6_addresses", new java.util.ArrayList<>(interfaces.allIpv6()));
    facts.put("ansible_default_ipv6", new LinkedHashMap<>(interfaces.defaultIpv6()));

    facts.put("ansible_service_mgr", values.get(ServiceManager.FACT));
    facts.put("ansible_pkg_mgr", values.get(PackageManager.FACT));

    User user = values.get(User.FACT);
    facts.put("ansible_user_id", user.name());
    facts.put("ansible_user_uid", user.uid());
    facts.put("ansible_user_gid", user.gid());
    facts.put("ansible_effective_user_id", user.effectiveUid());
    facts.put("ansible_effective_group_id", user.effectiveGid());
    facts.put("ansible_real_user_id", user.uid());
    facts.put("ansible_real_group_id", user.gid());
    facts.put("ansible_user_gecos", values.get(User.GECOS));

    Map<String, Object> env = new LinkedHashMap<>(values.get(Server.ENVIRONMENT));
    facts.put("ansible_env", env);
    facts.put("ansible_user_dir", env.getOrDefault("HOME", ""));
    facts.put("ansible_user_shell", env.getOrDefault("SHELL", ""));

    facts.put("ansible_date_time", new LinkedHashMap<>(values.get(Server.CLOCK)));
    facts.put("ansible_machine_id", values.get(Server.MACHINE_ID));

    Virtualization virtualization = values.get(Virtualization.FACT);
    facts.put("ansible_virtualization_type", virtualization.type());
    facts.put("ansible_virtualization_role", virtualization.role());
    facts.put(
        "ansible_virtualization_tech_guest", new java.util.ArrayList<>(virtualization.guestTech()));
    facts.put(
        "ansible_virtualization_tech_host", new java.util.ArrayList<>(virtualization.hostTech()));

    values.get(Dmi.FACT).values().forEach((name, value) -> facts.put("ansible_" + name, value));
    facts.put("ansible_mounts", values.get(Mounts.FACT).asAnsible());
    long uptime = values.get(Uptime.FACT);
    if (uptime >= 0) {
      facts.put("ansible_uptime_seconds", uptime);
    }

    facts.put("ansible_dns", new LinkedHashMap<>(values.get(Dns.FACT)));
    values.get(SshHostKeys.FACT).forEach((name, value) -> facts.put("ansible_" + name, value));

    Security security = values.get(Security.FACT);
    facts.put("ansible_fips", security.fips());
    facts.put("ansible_selinux", new LinkedHashMap<>(security.selinux()));
    facts.put("ansible_apparmor", new LinkedHashMap<>(security.apparmor()));

    Local localFacts = local(values);
    if (!localFacts.failed()) {
      facts.put("ansible_local", new LinkedHashMap<>(localFacts.facts()));
    }

    StorageNames storage = values.get(StorageNames.FACT);
    facts.put("ansible_hostnqn", storage.hostnqn());
    facts.put("ansible_iscsi_iqn", storage.iscsiIqn());
    facts.put("ansible_fibre_channel_wwn", new java.util.ArrayList<>(storage.fibreChannelWwn()));

    Cmdline cmdline = values.get(Cmdline.FACT);
    if (!cmdline.line().isEmpty()) {
      facts.put("ansible_cmdline", cmdline.cmdline());
      facts.put("ansible_proc_cmdline", cmdline.procCmdline());
    }

    Map<String, Object> python = values.get(Python.FACT);
    if (!python.isEmpty()) {
      facts.put("ansible_python", python);
      facts.put("ansible_python_version", Python.version(python));
    }

    Map<String, Object> bare = new LinkedHashMap<>();
    facts.forEach((name, value) -> bare.put(name.substring("ansible_".length()), value));
    facts.put("ansible_facts", bare);
    return facts;
  }
}
