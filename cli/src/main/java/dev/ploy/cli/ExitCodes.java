package dev.ploy.cli;

/** ansible-playbook's exit codes. */
final class ExitCodes {
  static final int OK = 0;
  static final int ERROR = 1;
  static final int HOST_FAILED = 2;
  static final int HOST_UNREACHABLE = 4;
  static final int BAD_INPUT = 5;
  static final int INTERRUPTED = 99;

  private ExitCodes() {}
}
