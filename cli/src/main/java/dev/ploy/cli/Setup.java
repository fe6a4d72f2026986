package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.config.ConfigException;
import dev.ploy.connection.ConnectionDefaults;
import dev.ploy.connection.ConnectionFactory;
import dev.ploy.facts.FactGatherer;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.run.FactSource;
import dev.ploy.run.Interruption;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunOptions;
import dev.ploy.vault.Vault;
import java.io.Console;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the command line, ploy.yml and the environment into what a run needs: options, the
 * inventory, the roles path and how to connect. Flags override PLOY_* variables, which override
 * ploy.yml.
 */
record Setup(
    RunOptions options,
    List<String> inventorySources,
    List<Path> rolesPath,
    ConnectionDefaults connectionDefaults,
    Path firstPlaybookDir,
    Vault vault) {

  /** What of a playbook runs: the tags, where to start, whether handlers run despite failures. */
  record Selection(
      List<String> tags, List<String> skipTags, String startAtTask, boolean forceHandlers) {
    /** Every task: an ad-hoc command's one task. */
    static final Selection ALL = new Selection(List.of(), List.of(), null, false);
  }

  /**
   * @param playbookDir where group_vars and host_vars beside the playbook are read (the current
   *     directory for an ad-hoc command, as Ansible's)
   */
  static Setup from(HostOptions command, Selection selection, Config config, Path playbookDir)
      throws UsageException, ConfigException {
    int forks = command.forks != null ? command.forks : config.integer("forks").orElse(25);
    if (forks < 1) {
      throw new UsageException("-f/--forks must be at least 1");
    }
    Vault vault = command.vaultOptions.vault(config);
    Optional<String> becomePassword =
        password(
            command.askBecomePass,
            "BECOME password: ",
            command.becomePasswordFile,
            "--become-password-file");
    Optional<String> sshPassword =
        password(
            command.askPass,
            "SSH password: ",
            command.connectionPasswordFile,
            "--connection-password-file");
    Map<String, Object> connectionVars = new java.util.LinkedHashMap<>();
    if (command.connection != null) {
      String kind = command.connection.strip().toLowerCase(java.util.Locale.ROOT);
      if (!List.of("ssh", "local", "smart", "paramiko").contains(kind)) {
        throw new UsageException(
            "-c/--connection takes ssh or local, not '" + command.connection + "'");
      }
      connectionVars.put("ansible_connection", kind);
    }
    if (command.sshCommonArgs != null) {
      connectionVars.put("ansible_ssh_common_args", command.sshCommonArgs);
    }
    if (command.sshExtraArgs != null) {
      connectionVars.put("ansible_ssh_extra_args", command.sshExtraArgs);
    }
    RunOptions.Builder run = RunOptions.builder();
    run.check = command.check;
    run.diff = command.diff;
    run.forks = forks;
    run.tags = new LinkedHashSet<>(selection.tags());
    run.skipTags = new LinkedHashSet<>(selection.skipTags());
    run.limit = Optional.ofNullable(command.limit);
    run.startAtTask = Optional.ofNullable(selection.startAtTask());
    run.extraVars = ExtraVars.parse(command.extraVars, vault);
    run.forceHandlers = selection.forceHandlers();
    run.become = command.become || config.flag("become");
    run.becomeUser = Optional.ofNullable(command.becomeUser).or(() -> config.string("become_user"));
    run.becomeMethod =
        Optional.ofNullable(command.becomeMethod).or(() -> config.string("become_method"));
    run.becomePassword = becomePassword;
    run.remoteUser = Optional.ofNullable(command.user).or(() -> config.string("remote_user"));
    run.verbosity = command.verbose.length;
    run.connectionVars = connectionVars;
    List<String> sources = new ArrayList<>(command.inventories);
    if (sources.isEmpty()) {
      sources.addAll(config.inventories());
    }
    run.setting =
        new RunOptions.Settings(
            config.source().map(file -> file.toAbsolutePath().toString()).orElse(null), sources);
    RunOptions options = run.build();
    List<Path> rolesPath = new ArrayList<>();
    for (String dir : config.list("roles_path")) {
      rolesPath.add(config.path(dir));
    }
    ConnectionDefaults standard = ConnectionDefaults.standard();
    String checking =
        Optional.ofNullable(command.hostKeyChecking)
            .or(() -> config.string("host_key_checking"))
            .orElse("strict");
    ConnectionDefaults.HostKeyChecking mode =
        switch (checking.toLowerCase(java.util.Locale.ROOT)) {
          case "strict", "yes", "true" -> ConnectionDefaults.HostKeyChecking.STRICT;
          case "accept-new" -> ConnectionDefaults.HostKeyChecking.ACCEPT_NEW;
          case "off", "no", "false" -> ConnectionDefaults.HostKeyChecking.OFF;
          default ->
              throw new UsageException(
                  "host key checking must be strict, accept-new or off, not '" + checking + "'");
        };
    int timeout = command.timeout != null ? command.timeout : config.integer("timeout").orElse(10);
    ConnectionDefaults defaults =
        new ConnectionDefaults(
            options.remoteUser(),
            Optional.ofNullable(command.privateKey)
                .or(() -> config.string("private_key_file").map(config::path)),
            sshPassword,
            becomePassword,
            Duration.ofSeconds(timeout),
            mode,
            standard.sshConfig(),
            standard.knownHosts());
    return new Setup(options, sources, rolesPath, defaults, playbookDir.toAbsolutePath(), vault);
  }

  Inventory inventory() throws InventoryException {
    return Inventory.load(inventorySources, vault).withPlaybookVars(firstPlaybookDir);
  }

  ConnectionFactory connections() {
    return new ConnectionFactory(connectionDefaults);
  }

  /** The engine that runs plays with these settings, connecting through {@code connections}. */
  PlaybookRunner runner(
      ModuleRegistry modules, ConnectionFactory connections, Interruption interruption) {
    return new PlaybookRunner(modules, rolesPath, connections::open, facts(), vault, interruption);
  }

  FactSource facts() {
    return FactGatherer::gather;
  }

  /** A password asked for on the console (-k, -K), else read from its file option, if given. */
  private static Optional<String> password(boolean ask, String label, Path file, String option)
      throws UsageException {
    if (ask) {
      return Optional.of(prompt(label));
    }
    return file == null ? Optional.empty() : Optional.of(passwordFile(file, option));
  }

  /** A password file's content without its line end, as Ansible reads one. */
  private static String passwordFile(Path file, String option) throws UsageException {
    try {
      String text = java.nio.file.Files.readString(file).replaceAll("[\r\n]+$", "");
      if (text.isEmpty()) {
        throw new UsageException(option + " " + file + ": the file is empty");
      }
      return text;
    } catch (java.io.IOException e) {
      throw new UsageException(option + " " + file + ": cannot read it: " + e.getMessage());
    }
  }

  private static String prompt(String label) throws UsageException {
    Console console = System.console();
    if (console == null) {
      throw new UsageException(
          label.trim() + " cannot be asked: no terminal; pass it in a variable instead");
    }
    char[] answer = console.readPassword("%s", label);
    return answer == null ? "" : new String(answer);
  }
}
