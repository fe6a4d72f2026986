package dev.ploy.run;

import dev.ploy.playbook.Keywords;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.RoleContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a host's walk through the play is: the keywords inherited from the play and enclosing
 * blocks, the role being run, the parameters of an enclosing include, the position in the play
 * (used to run every host's same task together under the linear strategy), and the file of the task
 * being run, if any (for ansible_search_path).
 */
record Frame(
    Keywords keywords,
    RoleContext role,
    Map<String, Object> includeParams,
    List<Integer> path,
    Path taskFile) {

  Frame {
    includeParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(includeParams));
    path = List.copyOf(path);
  }

  Frame(
      Keywords keywords, RoleContext role, Map<String, Object> includeParams, List<Integer> path) {
    this(keywords, role, includeParams, path, null);
  }

  /** The play's own frame: its keywords, no role, no include. */
  static Frame of(Play play) {
    return new Frame(play.keywords(), null, Map.of(), List.of());
  }

  Frame enter(Keywords own, RoleContext newRole) {
    return new Frame(
        keywords.inherit(own), newRole != null ? newRole : role, includeParams, path, taskFile);
  }

  /** This frame running a task written in {@code file}. */
  Frame running(Path file) {
    return new Frame(keywords, role, includeParams, path, file);
  }

  Frame withParams(Map<String, Object> params) {
    Map<String, Object> merged = new LinkedHashMap<>(includeParams);
    merged.putAll(params);
    return new Frame(keywords, role, merged, path, taskFile);
  }

  Frame at(int... more) {
    List<Integer> longer = new java.util.ArrayList<>(path);
    for (int index : more) {
      longer.add(index);
    }
    return new Frame(keywords, role, includeParams, longer, taskFile);
  }
}
