package dev.ploy.modules.testbed;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a playbook of one play on all hosts, for tests that write their playbooks: the play's
 * keywords, then its tasks, {@code Play.onAll().asDeploy().tasks("- name: ...\n apt: ...\n")}.
 */
public final class Play {
  private final List<String> keywords;

  private Play(List<String> keywords) {
    this.keywords = List.copyOf(keywords);
  }

  /** A play on all hosts that gathers facts, as root. */
  public static Play onAll() {
    return new Play(List.of("hosts: all"));
  }

  /** The play with one more keyword, a line of YAML such as {@code "become_user: postgres"}. */
  public Play with(String keyword) {
    List<String> more = new ArrayList<>(keywords);
    more.add(keyword);
    return new Play(more);
  }

  /** The play without fact gathering. */
  public Play noFacts() {
    return with("gather_facts: false");
  }

  /** The play logged in as deploy, becoming root with sudo. */
  public Play asDeploy() {
    return with("remote_user: deploy").with("become: true");
  }

  /** The playbook: this play running {@code tasks} (a YAML list, not indented). */
  public String tasks(String tasks) {
    return "- " + String.join("\n  ", keywords) + "\n  tasks:\n" + tasks.indent(4);
  }
}
