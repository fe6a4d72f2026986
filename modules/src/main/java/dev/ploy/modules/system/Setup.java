package dev.ploy.modules.system;

import dev.ploy.facts.FactCache;
import dev.ploy.facts.FactGatherer;
import dev.ploy.facts.Local;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers facts on demand: reads the host's facts afresh (with the task's become, in one round
 * trip, and keeps them for the modules), names them as gathering does, keeps the subsets and names
 * asked for, and returns them as ansible_facts.
 */
public final class Setup implements Module {
  /** Facts of the "min" subset, kept whatever else is excluded (as Ansible does). */
  private static final Set<String> MIN =
      Set.of(
          "ansible_system",
          "ansible_kernel",
          "ansible_kernel_version",
          "ansible_nodename",
          "ansible_hostname",
          "ansible_fqdn",
          "ansible_domain",
          "ansible_distribution",
          "ansible_os_family",
          "ansible_distribution_version",
          "ansible_distribution_major_version",
          "ansible_distribution_release",
          "ansible_lsb",
          "ansible_service_mgr",
          "ansible_pkg_mgr",
          "ansible_user_id",
          "ansible_user_uid",
          "ansible_user_gid",
          "ansible_user_dir",
          "ansible_user_shell",
          "ansible_env",
          "ansible_date_time",
          "ansible_machine_id",
          "ansible_architecture",
          "ansible_machine",
          "ansible_distribution_minor_version",
          "ansible_effective_user_id",
          "ansible_effective_group_id",
          "ansible_dns",
          "ansible_local",
          "ansible_real_user_id",
          "ansible_real_group_id",
          "ansible_user_gecos",
          "ansible_cmdline",
          "ansible_proc_cmdline",
          "ansible_python",
          "ansible_python_version",
          "ansible_fips",
          "ansible_selinux",
          "ansible_apparmor",
          "ansible_ssh_host_key_dsa_public",
          "ansible_ssh_host_key_dsa_public_keytype",
          "ansible_ssh_host_key_rsa_public",
          "ansible_ssh_host_key_rsa_public_keytype",
          "ansible_ssh_host_key_ecdsa_public",
          "ansible_ssh_host_key_ecdsa_public_keytype",
          "ansible_ssh_host_key_ed25519_public",
          "ansible_ssh_host_key_ed25519_public_keytype");

  private static final Map<String, List<String>> SUBSETS =
      Map.of(
          "hardware",
          List.of(
              "ansible_processor_vcpus",
              "ansible_processor_nproc",
              "ansible_processor_cores",
              "ansible_processor_count",
              "ansible_processor_threads_per_core",
              "ansible_memtotal_mb",
              "ansible_memfree_mb",
              "ansible_swaptotal_mb",
              "ansible_swapfree_mb",
              "ansible_memory_mb",
              "ansible_processor",
              "ansible_mounts",
              "ansible_uptime_seconds",
              "ansible_bios_date",
              "ansible_bios_vendor",
              "ansible_bios_version",
              "ansible_board_asset_tag",
              "ansible_board_name",
              "ansible_board_serial",
              "ansible_board_vendor",
              "ansible_board_version",
              "ansible_chassis_asset_tag",
              "ansible_chassis_serial",
              "ansible_chassis_vendor",
              "ansible_chassis_version",
              "ansible_form_factor",
              "ansible_product_name",
              "ansible_product_serial",
              "ansible_product_uuid",
              "ansible_product_version",
              "ansible_system_vendor"),
          "network",
          List.of(
              "ansible_default_ipv4",
              "ansible_all_ipv4_addresses",
              "ansible_interfaces",
              "ansible_all_ipv6_addresses",
              "ansible_default_ipv6",
              "ansible_hostnqn",
              "ansible_iscsi_iqn",
              "ansible_fibre_channel_wwn"),
          "virtual",
          List.of(),
          "ohai",
          List.of(),
          "facter",
          List.of());

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("setup")
          .description(
              "Gathers facts about the target (distribution, hostname, network, memory...) and"
                  + " returns them as ansible_facts; gather_subset and filter narrow them.")
          .arg(
              Arg.list(
                      "gather_subset",
                      "Subsets: all, min, hardware, network, virtual; '!name' excludes one.")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of("all")))
          .arg(
              Arg.list("filter", "Globs on fact names (ansible_distribution*); empty: all.")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of()))
          .arg(Arg.integer("gather_timeout", "Accepted for compatibility.").defaultsTo(10L))
          .arg(
              Arg.path(
                      "fact_path",
                      "Directory of local facts (ansible_local): its *.fact files, JSON or INI,"
                          + " each run on the target when executable and its output read.")
                  .defaultsTo(Local.DEFAULT_PATH))
          .example(
              "- name: Refresh the network facts\n"
                  + "  ansible.builtin.setup:\n"
                  + "    gather_subset: ['!all', network]\n"
                  + "    filter: ['ansible_default_ipv4', 'ansible_all_ipv4_addresses']\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    FactCache.Values values = target.refresh(FactGatherer.gathered(args.str("fact_path")));
    Map<String, Object> all = FactGatherer.named(values);
    all.remove("ansible_facts");
    List<String> subsets = args.strings("gather_subset");
    for (String subset : subsets) {
      String name = subset.startsWith("!") ? subset.substring(1) : subset;
      if (!name.equals("all") && !name.equals("min") && !SUBSETS.containsKey(name)) {
        throw new ModuleException(
            "unknown gather_subset '"
                + subset
                + "': use all, min, "
                + String.join(", ", SUBSETS.keySet().stream().sorted().toList())
                + " (or !name)");
      }
    }
    List<PathMatcher> filters =
        args.strings("filter").stream()
            .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
            .toList();
    // each interface's own fact (ansible_eth0) is a network fact, as in Ansible
    Set<String> interfaces = new java.util.HashSet<>();
    if (all.get("ansible_interfaces") instanceof List<?> names) {
      names.forEach(name -> interfaces.add("ansible_" + name));
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    all.forEach(
        (name, value) -> {
          if (wanted(name, interfaces.contains(name), subsets) && matches(name, filters)) {
            facts.put(name, value);
          }
        });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ansible_facts", facts);
    List<String> warnings = FactGatherer.local(values).warnings();
    if (!warnings.isEmpty()) {
      result.put("warnings", warnings);
    }
    return Plan.ok(result);
  }

  /** Whether the subsets keep this fact: min always; others unless excluded or not included. */
  private static boolean wanted(String fact, boolean anInterface, List<String> subsets) {
    if (MIN.contains(fact)) {
      return true;
    }
    String group =
        anInterface
            ? "network"
            : SUBSETS.entrySet().stream()
                .filter(e -> e.getValue().contains(fact))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("other");
    // only exclusions given ('!hardware'): they narrow 'all', as in Ansible
    boolean onlyExclusions = subsets.stream().allMatch(s -> s.startsWith("!"));
    boolean all = (subsets.contains("all") || onlyExclusions) && !subsets.contains("!all");
    boolean included = all || subsets.contains(group);
    return included && !subsets.contains("!" + group);
  }

  private static boolean matches(String fact, List<PathMatcher> filters) {
    return filters.isEmpty() || filters.stream().anyMatch(m -> m.matches(Path.of(fact)));
  }
}
