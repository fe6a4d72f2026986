package dev.ploy.modules.packages;

import dev.ploy.module.ModuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a package task's name list: a Debian package name with an optional architecture and
 * an optional version ({@code nginx}, {@code libc6:amd64}, {@code tree=2.1.0-1}, {@code
 * tree=2.1*}). Anything else is rejected before a host is contacted, so a name can never be read as
 * an option or a pattern by apt.
 *
 * @param version the version asked for, null for any; may end with '*' (a prefix)
 */
record PackageRequest(String name, String version) {
  private static final Pattern SPEC =
      Pattern.compile("([a-z0-9][a-z0-9+.-]*(?::[a-z0-9-]+)?)(?:=([A-Za-z0-9.+~:-]+\\*?))?");

  static List<PackageRequest> parse(List<String> names) throws ModuleException {
    List<PackageRequest> requests = new ArrayList<>();
    for (String raw : names) {
      for (String one : raw.split(",")) {
        String entry = one.strip();
        if (entry.isEmpty()) {
          continue;
        }
        Matcher m = SPEC.matcher(entry);
        if (!m.matches()) {
          throw new ModuleException(
              "not a Debian package name: '"
                  + raw
                  + "' (expected a name like nginx or libc6:amd64, optionally =VERSION;"
                  + " lowercase letters, digits and + . - only)");
        }
        requests.add(new PackageRequest(m.group(1), m.group(2)));
      }
    }
    return requests;
  }

  /** The word apt-get is given: {@code name} or {@code name=version}. */
  String word(String exactVersion) {
    return exactVersion == null ? name : name + "=" + exactVersion;
  }

  boolean matches(String installedVersion) {
    if (version == null) {
      return true;
    }
    if (version.endsWith("*")) {
      return installedVersion.startsWith(version.substring(0, version.length() - 1));
    }
    return installedVersion.equals(version);
  }

  /** The first known version this request accepts (apt-cache lists them newest first). */
  String resolve(List<String> known) {
    for (String candidate : known) {
      if (matches(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return version == null ? name : name + "=" + version;
  }
}
