package dev.ploy.run;

import java.util.Map;

/**
 * How a run ended: each host's recap counters, and the exit code ansible-playbook would give (0 all
 * ok, 2 a host failed, 4 a host unreachable, 99 the run was interrupted).
 */
public record RunOutcome(Map<String, HostStats> stats, int exitCode) {
  public static final int OK = 0;
  public static final int HOST_FAILED = 2;
  public static final int HOST_UNREACHABLE = 4;
  public static final int INTERRUPTED = 99;
}
