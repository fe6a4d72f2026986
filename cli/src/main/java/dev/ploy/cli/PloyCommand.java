package dev.ploy.cli;

import picocli.CommandLine.Command;

/** The top-level command: {@code ploy PLAYBOOK...} runs playbooks; subcommands do the rest. */
@Command(
    name = "ploy",
    mixinStandardHelpOptions = true,
    version = "ploy 0.1.0",
    description = "Runs Ansible-style playbooks over agentless SSH.")
public final class PloyCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("ploy 0.1.0");
  }
}
