package dev.ploy.cli;

import dev.ploy.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options ansible-playbook and ansible share: the inventory and limit, variables, check and
 * diff, forks, verbosity, become, vault passwords, how to connect and the log file. {@code ploy}
 * and {@code ploy adhoc} both take them, and {@link Setup} reads them.
 */
final class HostOptions {
  @Option(
      names = {"-i", "--inventory"},
      paramLabel = "SOURCE",
      description = "Inventory file, directory or host list (repeatable).")
  List<String> inventories = new ArrayList<>();

  @Option(
      names = {"-l", "--limit"},
      paramLabel = "PATTERN",
      description = "Limit to hosts matching this pattern (or @file).")
  String limit;

  @Option(
      names = {"-e", "--extra-vars"},
      paramLabel = "VARS",
      description = "k=v pairs, @file.yml, or a JSON mapping (repeatable).")
  List<String> extraVars = new ArrayList<>();

  @Option(
      names = {"-C", "--check"},
      description = "Predict changes without making them.")
  boolean check;

  @Option(
      names = {"-D", "--diff"},
      description = "Show what changes (file diffs, before/after).")
  boolean diff;

  @Option(
      names = {"-f", "--forks"},
      paramLabel = "N",
      description = "Hosts worked on at once (default 25).")
  Integer forks;

  @Option(
      names = {"-v", "--verbose"},
      description = "More output (-vvv: commands and connections).")
  boolean[] verbose = new boolean[0];

  @Option(
      names = {"-b", "--become"},
      description = "Become (sudo) for every play.")
  boolean become;

  @Option(
      names = "--become-user",
      paramLabel = "USER",
      description = "The user to become (default root).")
  String becomeUser;

  @Option(names = "--become-method", paramLabel = "METHOD", description = "sudo (default) or su.")
  String becomeMethod;

  @Option(
      names = {"-K", "--ask-become-pass"},
      description = "Ask for the become password.")
  boolean askBecomePass;

  @Mixin VaultOptions vaultOptions = new VaultOptions();

  @Option(
      names = {"-u", "--user"},
      paramLabel = "USER",
      description = "The SSH user when the inventory names none.")
  String user;

  @Option(
      names = {"-k", "--ask-pass"},
      description = "Ask for the SSH password.")
  boolean askPass;

  @Option(
      names = {"--connection-password-file", "--conn-pass-file"},
      paramLabel = "FILE",
      description = "A file holding the SSH password.")
  Path connectionPasswordFile;

  @Option(
      names = "--become-password-file",
      paramLabel = "FILE",
      description = "A file holding the become password.")
  Path becomePasswordFile;

  @Option(
      names = {"-c", "--connection"},
      paramLabel = "KIND",
      description = "ssh (default) or local, for hosts whose variables and play say none.")
  String connection;

  @Option(
      names = "--ssh-common-args",
      paramLabel = "ARGS",
      description =
          "ssh options for every host without ansible_ssh_common_args (-o ProxyJump=...).")
  String sshCommonArgs;

  @Option(
      names = "--ssh-extra-args",
      paramLabel = "ARGS",
      description = "More ssh options, for hosts without ansible_ssh_extra_args.")
  String sshExtraArgs;

  @Option(
      names = {"--private-key", "--key-file"},
      paramLabel = "FILE",
      description = "The SSH private key file.")
  Path privateKey;

  @Option(
      names = {"-T", "--timeout"},
      paramLabel = "SECONDS",
      description = "SSH connect timeout (default 10).")
  Integer timeout;

  @Option(
      names = "--host-key-checking",
      paramLabel = "MODE",
      description = "strict (default), accept-new or off.")
  String hostKeyChecking;

  @Option(
      names = "--log-file",
      paramLabel = "FILE",
      description = "Write a full debug log to this file.")
  Path logFile;

  /**
   * Sends the debug log to --log-file, else to ploy.yml's log_file, if either is given; returns
   * whether a log file receives the run.
   */
  boolean startLog(Config config) throws UsageException {
    Optional<Path> log =
        Optional.ofNullable(logFile).or(() -> config.string("log_file").map(config::path));
    boolean logging = Logging.configure(log);
    if (log.isPresent() && !logging) {
      throw new UsageException("cannot write the log file " + log.get());
    }
    return logging;
  }
}
