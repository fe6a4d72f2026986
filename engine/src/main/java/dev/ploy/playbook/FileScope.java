package dev.ploy.playbook;

import dev.ploy.yaml.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a task list is read from: its document, the role it belongs to, the directory relative
 * imports resolve against, the chain of files that led here, where role handlers collect, the roles
 * already applied in the play, and the module_defaults of the plays, blocks and roles around it (so
 * that a task whose required argument comes from them is not reported as missing one).
 */
record FileScope(
    YamlDocument doc,
    RoleContext role,
    Path baseDir,
    List<Path> includeChain,
    List<Task> handlerSink,
    Set<String> rolesApplied,
    Map<String, Map<String, Object>> defaults) {

  /** The scope of a play's own file: nothing included yet, no role, no defaults. */
  static FileScope ofPlay(YamlDocument doc, Path baseDir, List<Task> handlerSink) {
    return new FileScope(
        doc, null, baseDir, List.of(doc.file()), handlerSink, new HashSet<>(), Map.of());
  }

  /**
   * The scope of a file read at run time (include_tasks, include_role): of what is around it, only
   * the module_defaults in force where the include runs.
   */
  static FileScope standalone(
      YamlDocument doc,
      RoleContext role,
      Path baseDir,
      List<Path> chain,
      Map<String, Map<String, Object>> defaults) {
    return new FileScope(doc, role, baseDir, chain, new ArrayList<>(), new HashSet<>(), defaults);
  }

  /** Another file read from this one, by an import or a role. */
  FileScope in(YamlDocument other, RoleContext newRole, Path newBase) {
    List<Path> chain = new ArrayList<>(includeChain);
    chain.add(other.file().toAbsolutePath().normalize());
    return new FileScope(other, newRole, newBase, chain, handlerSink, rolesApplied, defaults);
  }

  /** This scope inside a level (play, block, role) that adds module_defaults of its own. */
  FileScope withDefaults(Keywords keywords) {
    Map<String, Map<String, Object>> merged =
        Keywords.mergeDefaults(defaults, keywords.moduleDefaults());
    return new FileScope(doc, role, baseDir, includeChain, handlerSink, rolesApplied, merged);
  }
}
