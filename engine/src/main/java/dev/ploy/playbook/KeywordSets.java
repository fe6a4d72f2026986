package dev.ploy.playbook;

import java.util.Set;

/** The keywords Ansible accepts on plays, blocks, tasks and role entries. */
final class KeywordSets {
  private KeywordSets() {}

  /** Keywords every level shares. */
  static final Set<String> COMMON =
      Set.of(
          "name",
          "when",
          "tags",
          "vars",
          "environment",
          "become",
          "become_user",
          "become_method",
          "become_flags",
          "become_exe",
          "ignore_errors",
          "ignore_unreachable",
          "check_mode",
          "diff",
          "no_log",
          "delegate_to",
          "delegate_facts",
          "run_once",
          "any_errors_fatal",
          "remote_user",
          "connection",
          "port",
          "timeout",
          "throttle",
          "collections",
          "module_defaults",
          "debugger");

  static final Set<String> TASK_ONLY =
      Set.of(
          "action",
          "local_action",
          "args",
          "loop",
          "loop_control",
          "register",
          "notify",
          "listen",
          "changed_when",
          "failed_when",
          "retries",
          "until",
          "delay",
          "async",
          "poll");

  static final Set<String> BLOCK_ONLY = Set.of("block", "rescue", "always", "notify");

  static final Set<String> PLAY_ONLY =
      Set.of(
          "hosts",
          "vars_files",
          "vars_prompt",
          "gather_facts",
          "gather_subset",
          "gather_timeout",
          "fact_path",
          "pre_tasks",
          "roles",
          "tasks",
          "post_tasks",
          "handlers",
          "serial",
          "strategy",
          "max_fail_percentage",
          "force_handlers",
          "order");

  /** Keywords accepted but with no effect in ploy (documented in the README). */
  static final Set<String> ACCEPTED_IGNORED =
      Set.of("collections", "debugger", "become_exe", "order", "fact_path");

  static boolean isTaskKeyword(String key) {
    return COMMON.contains(key) || TASK_ONLY.contains(key) || key.startsWith("with_");
  }

  static boolean isBlockKeyword(String key) {
    return COMMON.contains(key) || BLOCK_ONLY.contains(key);
  }

  static boolean isPlayKeyword(String key) {
    return COMMON.contains(key) || PLAY_ONLY.contains(key);
  }
}
