package dev.ploy.requirements;

import dev.ploy.yaml.Location;
import java.util.Optional;

/**
 * One role to install: its name under the roles directory, the git repository it comes from, the
 * branch, tag or commit wanted (the repository's default branch when empty), and where the
 * requirements file asks for it.
 */
public record Requirement(String name, String repository, Optional<String> version, Location at) {

  /** How the version is shown: the one asked for, or "default branch". */
  public String versionLabel() {
    return version.orElse("default branch");
  }
}
