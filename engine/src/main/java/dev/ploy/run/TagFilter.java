package dev.ploy.run;

import java.util.Set;

/** Whether a task runs under --tags and --skip-tags, with Ansible's special tags. */
public final class TagFilter {
  private TagFilter() {}

  public static boolean selected(Set<String> taskTags, Set<String> only, Set<String> skip) {
    if (!skip.isEmpty()) {
      if (skip.contains("all") && !taskTags.contains("always")) {
        return false;
      }
      for (String tag : taskTags) {
        if (skip.contains(tag)) {
          return false;
        }
      }
      if (skip.contains("tagged") && !taskTags.isEmpty()) {
        return false;
      }
      if (skip.contains("untagged") && taskTags.isEmpty()) {
        return false;
      }
    }
    if (only.isEmpty() || only.contains("all")) {
      return !taskTags.contains("never") || only.stream().anyMatch(taskTags::contains);
    }
    if (taskTags.contains("always")) {
      return true;
    }
    if (only.contains("tagged") && !taskTags.isEmpty() && !taskTags.contains("never")) {
      return true;
    }
    if (only.contains("untagged") && taskTags.isEmpty()) {
      return true;
    }
    for (String tag : taskTags) {
      if (only.contains(tag)) {
        return true;
      }
    }
    return false;
  }
}
