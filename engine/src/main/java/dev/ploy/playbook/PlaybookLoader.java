package dev.ploy.playbook;

import dev.ploy.module.ExecutorActions;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.vault.Vault;
import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads a playbook with everything it imports (playbooks, task files, roles) and checks it
 * statically. All problems found are reported together in one {@link PlaybookException}.
 */
public final class PlaybookLoader {
  private final ModuleRegistry modules;
  private final List<Path> rolesPath;
  private final Vault vault;

  public PlaybookLoader(ModuleRegistry modules, List<Path> rolesPath) {
    this(modules, rolesPath, Vault.none());
  }

  /** A loader that opens vault-encrypted files and {@code !vault} values with these passwords. */
  public PlaybookLoader(ModuleRegistry modules, List<Path> rolesPath, Vault vault) {
    this.modules = modules;
    this.rolesPath = List.copyOf(rolesPath);
    this.vault = vault;
  }

  public Vault vault() {
    return vault;
  }

  public Playbook load(Path file) throws PlaybookException {
    LoadContext context = new LoadContext(modules, rolesPath, vault);
    Path absolute = file.toAbsolutePath().normalize();
    List<Play> plays = new ArrayList<>();
    loadPlays(absolute, context, plays, new ArrayList<>(), null);
    if (!context.problems().isEmpty()) {
      throw new PlaybookException(context.problems(), context.warnings());
    }
    return new Playbook(absolute, plays, context.warnings());
  }

  /**
   * The one-task play of an ad-hoc command, as the ansible command builds it: named "Ansible
   * Ad-Hoc", on the hosts of {@code pattern}, facts not gathered, its task {@code module} with
   * {@code args} as a task would write them after the module's name (a free-form string, a mapping,
   * or null for none). It is checked as a playbook's task is; problems are located at "(ad-hoc
   * command)" in {@code dir}, the directory relative paths start from.
   */
  public Playbook adhoc(String pattern, String module, Object args, Path dir)
      throws PlaybookException {
    LoadContext context = new LoadContext(modules, rolesPath, vault);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put(module, args);
    Map<String, Object> play = new LinkedHashMap<>();
    play.put("name", "Ansible Ad-Hoc");
    play.put("hosts", pattern);
    play.put("gather_facts", false);
    play.put("tasks", new ArrayList<>(List.of(task)));
    Path file = dir.toAbsolutePath().normalize().resolve("(ad-hoc command)");
    YamlDocument doc = YamlDocument.of(file, List.of(play));
    Play loaded = loadPlay(play, play, doc, context);
    if (!context.problems().isEmpty()) {
      throw new PlaybookException(context.problems(), context.warnings());
    }
    return new Playbook(file, List.of(loaded), context.warnings());
  }

  private void loadPlays(
      Path file, LoadContext context, List<Play> plays, List<Path> chain, Location from) {
    if (chain.contains(file)) {
      context.problem(from, "import_playbook cycle: " + file.getFileName());
      return;
    }
    YamlDocument doc = context.document(file, from);
    if (doc == null) {
      return;
    }
    if (doc.root() == null) {
      context.problem(Location.of(file), "the playbook is empty; it must be a list of plays");
      return;
    }
    if (!(doc.root() instanceof List<?> list)) {
      context.problem(
          Location.of(file),
          "a playbook must be a list of plays ('- hosts: all' ...); this file holds a "
              + (doc.root() instanceof Map
                  ? "mapping (is it a task file or vars file?)"
                  : "scalar"));
      return;
    }
    List<Path> here = new ArrayList<>(chain);
    here.add(file);
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> map)) {
        context.problem(doc.locate(list), "each play must be a mapping with 'hosts:'");
        continue;
      }
      Map<String, Object> values = YamlValues.stringKeys(map);
      String importKey = importPlaybookKey(values);
      Object imported = importKey == null ? null : values.get(importKey);
      if (imported != null) {
        Location at = doc.locateKey(map, importKey);
        Path target = file.getParent().resolve(String.valueOf(imported)).normalize();
        if (!Files.isRegularFile(target)) {
          context.problem(at, "import_playbook: file not found: " + target);
        } else {
          loadPlays(target, context, plays, here, at);
        }
        continue;
      }
      Play play = loadPlay(values, map, doc, context);
      if (play != null) {
        plays.add(play);
      }
    }
  }

  private Play loadPlay(
      Map<String, Object> values, Map<?, ?> original, YamlDocument doc, LoadContext context) {
    Location at = doc.locate(original);
    Path dir = doc.file().getParent();
    for (String key : values.keySet()) {
      if (!KeywordSets.isPlayKeyword(key)) {
        String suggestion =
            dev.ploy.module.Suggest.closest(key, union(KeywordSets.COMMON, KeywordSets.PLAY_ONLY));
        context.problem(
            doc.locateKey(original, key),
            "unknown play keyword '"
                + key
                + "'"
                + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "")
                + (values.containsKey("hosts")
                    ? ""
                    : " (is this a task list instead of a playbook?)"));
      }
    }
    if (values.get("hosts") == null) {
      context.problem(at, "a play needs 'hosts:' (a host pattern such as all, web or localhost)");
    }
    if (values.containsKey("vars_prompt")) {
      context.problem(
          doc.locateKey(original, "vars_prompt"),
          "vars_prompt is not supported (ploy runs unattended); pass the values with -e instead");
    }
    TaskListParser parser = new TaskListParser(context, dir);
    List<Task> handlers = new ArrayList<>();
    FileScope playScope = FileScope.ofPlay(doc, dir, handlers);
    Keywords keywords = parser.keywords(values, original, playScope);
    Map<String, Object> vars = keywords.vars();

    List<String> varsFiles = YamlValues.strings(values.get("vars_files"));
    for (String varsFile : varsFiles) {
      if (!YamlValues.isTemplated(varsFile) && !Files.isRegularFile(dir.resolve(varsFile))) {
        context.problem(
            doc.locateKey(original, "vars_files"),
            "vars_files: file not found: " + dir.resolve(varsFile));
      }
    }

    // the play's module_defaults hold for its tasks, roles and handlers
    FileScope scope = playScope.withDefaults(keywords);
    List<TaskItem> preTasks =
        parser.parseList(values.get("pre_tasks"), doc.locateKey(original, "pre_tasks"), scope);
    List<TaskItem> tasks = new ArrayList<>();
    List<RoleContext> roles = new ArrayList<>();
    Object rolesValue = values.get("roles");
    if (rolesValue instanceof List<?> roleList) {
      for (Object entry : roleList) {
        Location roleAt = doc.locateKey(original, "roles");
        if (entry instanceof Map<?, ?> m) {
          roleAt = doc.locate(m);
        }
        RoleExpander.RoleEntry role = parser.roleEntry(entry, roleAt, doc);
        if (role != null) {
          List<TaskItem> expanded =
              parser.applyRole(
                  role.name(), role.params(), role.keywords(), "main", roleAt, scope, null);
          for (TaskItem item : expanded) {
            if (item instanceof Block block && block.role() != null) {
              roles.add(block.role());
            }
          }
          tasks.addAll(expanded);
        }
      }
    } else if (rolesValue != null) {
      context.problem(
          doc.locateKey(original, "roles"), "roles must be a list of role names or mappings");
    }
    tasks.addAll(parser.parseList(values.get("tasks"), doc.locateKey(original, "tasks"), scope));
    List<TaskItem> postTasks =
        parser.parseList(values.get("post_tasks"), doc.locateKey(original, "post_tasks"), scope);
    List<Task> playHandlers =
        parser.parseHandlers(values.get("handlers"), doc.locateKey(original, "handlers"), scope);
    List<Task> allHandlers = new ArrayList<>(handlers);
    allHandlers.addAll(playHandlers);
    checkHandlers(allHandlers, List.of(preTasks, tasks, postTasks), context);

    List<Object> serial = new ArrayList<>();
    Object serialValue = values.get("serial");
    if (serialValue instanceof List<?> list) {
      serial.addAll(list);
    } else if (serialValue != null) {
      serial.add(serialValue);
    }
    String strategy = String.valueOf(values.getOrDefault("strategy", "linear"));
    if (!Set.of("linear", "free", "host_pinned").contains(strategy)
        && !YamlValues.isTemplated(strategy)) {
      context.problem(
          doc.locateKey(original, "strategy"),
          "unknown strategy '" + strategy + "'; use linear or free");
    }
    return new Play(
        values.get("name") == null ? null : String.valueOf(values.get("name")),
        values.get("hosts") == null ? "" : hostsPattern(values.get("hosts")),
        dir,
        keywords.withoutVars(),
        vars,
        varsFiles,
        values.getOrDefault("gather_facts", true),
        serial,
        strategy,
        values.get("max_fail_percentage"),
        values.getOrDefault("force_handlers", false),
        roles,
        preTasks,
        tasks,
        postTasks,
        allHandlers,
        at);
  }

  /** The key of a play entry that imports a playbook (short or ansible.builtin.), or null. */
  private static String importPlaybookKey(Map<String, Object> entry) {
    String name = ExecutorActions.Kind.IMPORT_PLAYBOOK.actionName();
    return Stream.of(name, "ansible.builtin." + name)
        .filter(entry::containsKey)
        .findFirst()
        .orElse(null);
  }

  private static String hostsPattern(Object hosts) {
    if (hosts instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(h -> parts.add(String.valueOf(h)));
      return String.join(":", parts);
    }
    return String.valueOf(hosts);
  }

  /**
   * Handler names are unique; a notify naming no handler nor listen topic is a warning (the task
   * fails if it notifies it: see the run package's Recorder).
   */
  private static void checkHandlers(
      List<Task> handlers, List<List<TaskItem>> sections, LoadContext context) {
    Map<String, Task> byName = new HashMap<>();
    Set<String> topics = new HashSet<>();
    for (Task handler : handlers) {
      String name = handler.name();
      if (name != null) {
        Task previous = byName.put(name, handler);
        if (previous != null && previous.role() == handler.role()) {
          context.problem(
              handler.location(),
              "duplicate handler name '"
                  + name
                  + "' (also at "
                  + previous.location()
                  + "); only the last would run: rename one");
        }
        if (handler.role() != null) {
          topics.add(handler.role().name() + " : " + name);
        }
      }
      topics.addAll(handler.listen());
    }
    topics.addAll(byName.keySet());
    for (List<TaskItem> section : sections) {
      checkNotify(section, topics, context);
    }
    for (Task handler : handlers) {
      checkNotify(List.of(handler), topics, context);
    }
  }

  private static void checkNotify(List<TaskItem> items, Set<String> topics, LoadContext context) {
    for (TaskItem item : items) {
      if (item instanceof Block block) {
        checkNotify(block.block(), topics, context);
        checkNotify(block.rescue(), topics, context);
        checkNotify(block.always(), topics, context);
      } else if (item instanceof Task task) {
        for (String name : task.notifies()) {
          if (!topics.contains(name) && !YamlValues.isTemplated(name)) {
            String suggestion = dev.ploy.module.Suggest.closest(name, topics);
            // ansible-playbook stops only when the task notifies it (when it changes)
            context.warning(
                new Problem(
                    task.location(),
                    "notify names no handler: '"
                        + name
                        + "'"
                        + (suggestion != null
                            ? "; did you mean '" + suggestion + "'?"
                            : "; define it under handlers:")
                        + " (the run ends if the task changes and so notifies it, as in Ansible)"));
          }
        }
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** A role loaded at run time (include_role): its blocks and its handlers. */
  public record RoleLoad(List<TaskItem> items, List<Task> handlers) {}

  /** A task file loaded at run time (include_tasks): where it was found, and its tasks. */
  public record TaskFileLoad(Path file, List<TaskItem> items) {}

  /**
   * Parses a task file at run time (include_tasks), relative paths resolved as at load time: in the
   * role's tasks/, in the role's own directory, beside {@code from}, then beside the playbook.
   * {@code defaults} are the module_defaults in force at the include (a required argument they give
   * is not missing, as at load time).
   */
  /**
   * The file an include names is not there: the including host fails (a rescue may handle it),
   * where a file that is there but wrong ends the run, as in Ansible.
   */
  public static final class MissingFile extends PlaybookException {
    MissingFile(Problem problem) {
      super(List.of(problem));
    }
  }

  public TaskFileLoad loadTaskFile(
      String file,
      RoleContext role,
      Path from,
      Path playbookDir,
      Map<String, Map<String, Object>> defaults)
      throws PlaybookException {
    LoadContext context = new LoadContext(modules, rolesPath, vault);
    List<Path> places = new ArrayList<>();
    Path asPath = Path.of(file);
    if (asPath.isAbsolute()) {
      places.add(asPath);
    } else {
      if (role != null) {
        places.add(role.path().resolve("tasks").resolve(file));
        places.add(role.path().resolve(file)); // 'tasks/x.yml' from the role's root, as Ansible
      }
      if (from != null) {
        places.add(from.resolve(file));
      }
      places.add(playbookDir.resolve(file));
    }
    Path found = places.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    if (found == null) {
      throw new MissingFile(
          new Problem(
              Location.of(places.get(0)),
              "include_tasks: file not found: " + file + " (looked in " + places + ")"));
    }
    found = found.toAbsolutePath().normalize();
    YamlDocument doc = context.document(found, null);
    List<TaskItem> items = List.of();
    if (doc != null) {
      TaskListParser parser = new TaskListParser(context, playbookDir);
      items =
          parser.parseList(
              doc.root(),
              Location.of(doc.file()),
              FileScope.standalone(doc, role, found.getParent(), List.of(found), defaults));
    }
    if (!context.problems().isEmpty()) {
      throw new PlaybookException(context.problems());
    }
    return new TaskFileLoad(found, items);
  }

  /**
   * Loads a role at run time (include_role) with its dependencies and handlers; {@code parent} is
   * the role whose task includes it, if any; {@code defaults} are the module_defaults in force at
   * the include.
   */
  public RoleLoad loadRole(
      String name,
      Map<String, Object> params,
      String tasksFrom,
      Path playbookDir,
      Location at,
      RoleContext parent,
      Map<String, Map<String, Object>> defaults)
      throws PlaybookException {
    LoadContext context = new LoadContext(modules, rolesPath, vault);
    TaskListParser parser = new TaskListParser(context, playbookDir);
    List<Task> handlers = new ArrayList<>();
    YamlDocument none = null;
    try {
      none = dev.ploy.yaml.YamlReader.parse(at.file(), "");
    } catch (dev.ploy.yaml.YamlException e) {
      throw new PlaybookException(List.of(new Problem(at, e.getMessage())));
    }
    List<TaskItem> items =
        parser.applyRole(
            name,
            params,
            Keywords.NONE,
            tasksFrom,
            at,
            new FileScope(none, null, playbookDir, List.of(), handlers, new HashSet<>(), defaults),
            parent);
    if (!context.problems().isEmpty()) {
      throw new PlaybookException(context.problems());
    }
    return new RoleLoad(items, handlers);
  }

  /** Reads a vars file (vars_files, include_vars) as a mapping. */
  public Map<String, Object> readVarsFile(Path file) throws PlaybookException {
    try {
      YamlDocument doc = dev.ploy.yaml.YamlReader.read(file, vault);
      if (doc.root() == null) {
        return Map.of();
      }
      if (doc.root() instanceof Map<?, ?> map) {
        return new LinkedHashMap<>(YamlValues.stringKeys(map));
      }
      throw new PlaybookException(
          List.of(
              new Problem(
                  Location.of(file), "a variables file must be a mapping of names to values")));
    } catch (dev.ploy.yaml.YamlException e) {
      throw new PlaybookException(List.of(new Problem(e.location(), e.getMessage())));
    }
  }
}
