package dev.ploy.playbook;

import dev.ploy.module.ExecutorActions;
import dev.ploy.yaml.Location;
import java.util.List;
import java.util.Optional;

/**
 * A task as written: what it calls, its own keywords, how it loops, what it registers and notifies,
 * and where it is. Handlers are tasks too, with {@code listen} topics.
 *
 * @param role the role the task belongs to, if any (for file lookups and role variables)
 */
public record Task(
    String name,
    Action action,
    Keywords keywords,
    Loop loop,
    String register,
    List<String> notifies,
    List<String> listen,
    List<String> changedWhen,
    List<String> failedWhen,
    String until,
    Object retries,
    Object delay,
    RoleContext role,
    Location location)
    implements TaskItem {

  public Task {
    notifies = List.copyOf(notifies);
    listen = List.copyOf(listen);
    changedWhen = List.copyOf(changedWhen);
    failedWhen = List.copyOf(failedWhen);
  }

  /** This task calling {@code module} with the same arguments: a templated action, named. */
  public Task calling(String module) {
    return new Task(
        name,
        new Action(module, action.args(), action.location()),
        keywords,
        loop,
        register,
        notifies,
        listen,
        changedWhen,
        failedWhen,
        until,
        retries,
        delay,
        role,
        location);
  }

  /** The names a notify can use for this handler: its name, "role : name", its listen topics. */
  public List<String> handlerNames() {
    List<String> names = new java.util.ArrayList<>();
    if (name != null) {
      names.add(name);
      if (role != null) {
        names.add(role.name() + " : " + name);
      }
    }
    names.addAll(listen);
    return names;
  }

  public Optional<String> optName() {
    return Optional.ofNullable(name);
  }

  public Optional<Loop> optLoop() {
    return Optional.ofNullable(loop);
  }

  public Optional<RoleContext> optRole() {
    return Optional.ofNullable(role);
  }

  /** The name shown in TASK headers: the name, or the module when unnamed, prefixed by the role. */
  public String displayName() {
    String base = name != null ? name : action.module();
    if (name == null
        && ExecutorActions.Kind.INCLUDE_ROLE.is(action.module())
        && action.args().get("name") != null) {
      base = base + " : " + action.args().get("name"); // as Ansible names an unnamed include_role
    }
    // an include_role task is shown without the role it stands in, as Ansible shows it (its task
    // has no role of its own there)
    boolean includesRole = ExecutorActions.Kind.INCLUDE_ROLE.is(action.module());
    return role != null && !includesRole ? role.name() + " : " + base : base;
  }
}
