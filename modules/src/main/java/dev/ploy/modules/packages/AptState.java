package dev.ploy.modules.packages;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.facts.Distribution;
import dev.ploy.facts.PackageManager;
import dev.ploy.facts.Sections;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What apt knows on a target, probed in one command: when the package lists were last refreshed,
 * each named package's dpkg status and version ({@code dpkg-query -W}), and its candidate and
 * available versions ({@code apt-cache policy}).
 *
 * @param cacheTime epoch seconds of the last refresh, 0 when the lists were never downloaded
 * @param now the target's clock, epoch seconds
 * @param installed by package name: the packages dpkg knows (installed or with config files left)
 * @param policies by package name: the packages the lists know
 * @param lockHolder who holds a dpkg/apt lock right now ("pid command"), empty when free
 */
record AptState(
    long cacheTime,
    long now,
    Map<String, Installed> installed,
    Map<String, Policy> policies,
    String lockHolder) {

  /** A package as dpkg has it: {@code ii} installed, {@code rc} removed with config files... */
  record Installed(String name, String abbrev, String version) {
    boolean isInstalled() {
      return abbrev.length() >= 2 && abbrev.charAt(1) == 'i';
    }

    boolean hasConfigFilesOnly() {
      return abbrev.length() >= 2 && abbrev.charAt(1) == 'c';
    }
  }

  /** A package as the lists know it: the candidate apt would install and every known version. */
  record Policy(String name, String candidate, List<String> versions) {}

  /**
   * Reads the state of {@code names}. apt-cache policy (a third of a second: it loads the whole
   * package cache) runs only when it can matter: {@code policyWanted} (a version or the latest one
   * is asked for), or some package is not installed.
   */
  static AptState probe(Target target, List<String> names, boolean policyWanted)
      throws ModuleException {
    ExecResult result = target.run(Command.of(script(names, policyWanted)));
    if (!result.stdout().contains("@@end")) {
      throw ModuleException.commandFailed(
          "cannot read apt's state (" + whatHost(target) + "): " + result.stderr().strip(), result);
    }
    return parse(result.stdout());
  }

  /** Why apt may not answer, from the host's facts: asked only once apt has failed. */
  private static String whatHost(Target target) throws ModuleException {
    Distribution distribution = target.fact(Distribution.FACT);
    if (distribution.family().equals("Debian")) {
      return "apt on " + distribution.name() + " " + distribution.version();
    }
    return "apt is for Debian and Ubuntu; this host runs "
        + distribution.name()
        + ", its package manager is "
        + target.fact(PackageManager.FACT);
  }

  /**
   * Lock holders are found in /proc/locks by the inode of dpkg's and apt's lock files (apt uses
   * fcntl locks, which flock(1) cannot see), so no fuser or lsof is needed on the target. One
   * {@code stat} reads the inodes of the lock files that exist and one {@code awk} reads
   * /proc/locks once; the first file in this order that is held names the holder.
   */
  static final String LOCK_HOLDER =
      "ploy_lock_holder() { p=$(awk -v s=\"$(stat -c '%i %n' /var/lib/dpkg/lock-frontend"
          + " /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock 2>/dev/null)\""
          + " 'BEGIN { n=split(s, r, \"\\n\"); for (j=1; j<=n; j++) { split(r[j], f, \" \"); i[j]=f[1];"
          + " l[f[1]]=f[2] } } {for (k=2; k<=NF; k++) if ($k ~ /^[0-9a-f]+:[0-9a-f]+:[0-9]+$/)"
          + " { m=split($k, a, \":\"); if ((a[m] in l) && !(a[m] in h)) h[a[m]]=$(k-1) }}"
          + " END { for (j=1; j<=n; j++) if (i[j] in h) { print h[i[j]], l[i[j]]; exit } }'"
          + " /proc/locks 2>/dev/null); [ -n \"$p\" ] || return 1; printf '%s %s (%s)\\n' \"${p%% *}\""
          + " \"$(tr '\\0' ' ' < /proc/${p%% *}/cmdline 2>/dev/null | cut -c1-120)\" \"${p#* }\"; }";

  static String script(List<String> names, boolean policyWanted) {
    String quoted = ShellQuote.join(names);
    List<String> lines = new ArrayList<>();
    lines.add("export LC_ALL=C");
    lines.add(LOCK_HOLDER);
    lines.add("echo @@cache");
    lines.add(
        "if [ -e /var/lib/apt/periodic/update-success-stamp ]; then"
            + " stat -c %Y /var/lib/apt/periodic/update-success-stamp;"
            + " elif ls /var/lib/apt/lists/ 2>/dev/null | grep -q '_Packages'; then"
            + " stat -c %Y /var/lib/apt/lists; else echo 0; fi");
    lines.add("echo @@now; date +%s");
    lines.add("echo @@lock; ploy_lock_holder || true");
    lines.add("echo @@dpkg");
    if (!names.isEmpty()) {
      lines.add(
          "d=$(dpkg-query -W -f='${Package}\\t${db:Status-Abbrev}\\t${Version}\\n' -- "
              + quoted
              + " 2>/dev/null)");
      lines.add("[ -z \"$d\" ] || printf '%s\\n' \"$d\"");
      lines.add("echo @@policy");
      boolean patterns = names.stream().anyMatch(name -> name.matches(".*[*?\\[].*"));
      if (!policyWanted && !patterns) {
        // installed packages counted by the shell itself: no subshell, no grep
        lines.add(
            "c=0; while IFS= read -r l; do case \"$l\" in *\"\tii \"*) c=$((c + 1)) ;; esac; done"
                + " <<ploy_eof\n$d\nploy_eof");
      }
      lines.add(
          (policyWanted || patterns ? "" : "[ \"$c\" -ge " + names.size() + " ] ||")
              + " apt-cache policy "
              + quoted
              + " 2>/dev/null || true");
    }
    lines.add("echo @@end");
    return String.join("\n", lines);
  }

  private static final Pattern VERSION_ROW = Pattern.compile("^(?: \\*\\*\\* | {5})(\\S+) -?\\d+$");

  static AptState parse(String output) {
    Sections sections = Sections.parse(output);
    long cacheTime = number(sections.first("cache"));
    long now = number(sections.first("now"));
    String lock = sections.first("lock");
    Map<String, Installed> installed = new LinkedHashMap<>();
    for (String line : sections.lines("dpkg")) {
      String[] f = line.split("\t", -1);
      // a package dpkg only heard of (status "un", no version) counts as absent
      if (f.length == 3 && !f[1].isBlank() && !f[2].isEmpty()) {
        installed.put(f[0], new Installed(f[0], f[1].strip(), f[2]));
      }
    }
    Map<String, Policy> policies = new LinkedHashMap<>();
    String name = null;
    String candidate = null;
    List<String> versions = new ArrayList<>();
    for (String line : sections.lines("policy")) {
      if (!line.startsWith(" ") && line.endsWith(":")) {
        if (name != null) {
          policies.put(name, new Policy(name, candidate, versions));
        }
        name = line.substring(0, line.length() - 1);
        candidate = null;
        versions = new ArrayList<>();
      } else if (line.startsWith("  Candidate: ")) {
        String value = line.substring("  Candidate: ".length()).strip();
        candidate = value.equals("(none)") ? null : value;
      } else {
        Matcher row = VERSION_ROW.matcher(line);
        if (row.matches()) {
          versions.add(row.group(1));
        }
      }
    }
    if (name != null) {
      policies.put(name, new Policy(name, candidate, versions));
    }
    return new AptState(cacheTime, now, installed, policies, lock);
  }

  /** The installed package with this name (any architecture qualifier dropped). */
  Installed installed(String name) {
    Installed found = installed.get(bare(name));
    return found != null && found.isInstalled() ? found : null;
  }

  Installed known(String name) {
    return installed.get(bare(name));
  }

  Policy policy(String name) {
    Policy found = policies.get(name);
    return found != null ? found : policies.get(bare(name));
  }

  static String bare(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
