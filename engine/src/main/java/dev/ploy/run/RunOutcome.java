package dev.ploy.run;

import java.util.Map;

/**
 * How a run ended: each host's recap counters, the exit code ansible-playbook would give (0 all ok,
 * 2 a host failed, 4 a host unreachable, 99 the run was interrupted, or a {@link RunError}'s), and
 * the error that ended it early, if one did (else null).
 */
public record RunOutcome(Map<String, HostStats> stats, int exitCode, RunError error) {
  public RunOutcome(Map<String, HostStats> stats, int exitCode) {
    this(stats, exitCode, null);
  }

  public static final int OK = 0;
  public static final int HOST_FAILED = 2;
  public static final int HOST_UNREACHABLE = 4;
  public static final int INTERRUPTED = 99;
}
