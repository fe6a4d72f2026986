package dev.ploy.modules.source;

import java.util.List;

/**
 * What a git version names, resolved against the remote's refs: a branch, a tag or a commit, and
 * the commit id it points to (null when only a fetch can tell, for an abbreviated id).
 */
record Version(String name, Kind kind, String commit) {

  enum Kind {
    BRANCH,
    TAG,
    COMMIT
  }

  /**
   * Resolves {@code version} from {@code git ls-remote --symref} lines ("ref:
   * refs/heads/main\tHEAD", "sha\trefs/tags/v1^{}"...) and the commit it names in the local
   * checkout, if any.
   */
  static Version resolve(String version, List<String> remoteLines, String localCommit) {
    String headBranch = null;
    String head = null;
    String branch = null;
    String tag = null;
    String peeled = null;
    for (String line : remoteLines) {
      String[] f = line.split("\t");
      if (f.length != 2) {
        continue;
      }
      if (f[0].startsWith("ref: refs/heads/") && f[1].equals("HEAD")) {
        headBranch = f[0].substring("ref: refs/heads/".length());
      } else if (f[1].equals("HEAD")) {
        head = f[0];
      } else if (f[1].equals("refs/heads/" + version)) {
        branch = f[0];
      } else if (f[1].equals("refs/tags/" + version)) {
        tag = f[0];
      } else if (f[1].equals("refs/tags/" + version + "^{}")) {
        peeled = f[0];
      }
    }
    if (version.equals("HEAD")) {
      if (head == null) {
        return null;
      }
      return headBranch == null
          ? new Version(head, Kind.COMMIT, head)
          : new Version(headBranch, Kind.BRANCH, head);
    }
    if (branch != null) {
      return new Version(version, Kind.BRANCH, branch);
    }
    if (tag != null) {
      return new Version(version, Kind.TAG, peeled != null ? peeled : tag);
    }
    if (version.matches("[0-9a-fA-F]{7,64}")) {
      String full = version.length() >= 40 ? version.toLowerCase() : null;
      if (!localCommit.isEmpty() && localCommit.startsWith(version.toLowerCase())) {
        full = localCommit;
      }
      return new Version(version, Kind.COMMIT, full);
    }
    return null;
  }

  /** Whether the checkout's HEAD already is this version's commit. */
  boolean isAt(String head) {
    return commit != null ? commit.equals(head) : head.startsWith(name.toLowerCase());
  }

  /** What {@code git checkout} is given: the commit when known, else the name. */
  String checkoutTarget() {
    return commit != null ? commit : name;
  }
}
