package dev.ploy.facts;

/**
 * What {@code uname} says: the kernel, the node name and the machine.
 *
 * @param system Linux (ansible_system)
 * @param nodename the network node name (ansible_nodename)
 * @param release 6.1.0-18-amd64 (ansible_kernel)
 * @param machine x86_64 (ansible_architecture, ansible_machine)
 * @param version #1 SMP PREEMPT_DYNAMIC ... (ansible_kernel_version)
 */
public record Kernel(
    String system, String nodename, String release, String machine, String version) {
  public static final Fact<Kernel> FACT =
      Fact.of(
          "kernel",
          // none of the first four has a space; two processes instead of five
          "set -- $(uname -snrm); printf '%s\\n' \"$1\" \"$2\" \"$3\" \"$4\"; uname -v",
          lines ->
              new Kernel(
                  Fact.line(lines, 0),
                  Fact.line(lines, 1),
                  Fact.line(lines, 2),
                  Fact.line(lines, 3),
                  Fact.line(lines, 4)),
          Fact.Basis.HOSTNAME);
}
