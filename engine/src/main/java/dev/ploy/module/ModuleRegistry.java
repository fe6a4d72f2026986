package dev.ploy.module;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The modules found on the class path, by name. {@code ansible.builtin.X}, {@code
 * ansible.legacy.X}, and the {@code ansible.posix.X}, {@code community.general.X}, {@code
 * community.crypto.X}, {@code community.docker.X} and {@code community.postgresql.X} names of the
 * modules ploy has (authorized_key, sysctl, docker_container, postgresql_db...) resolve to X, so
 * Ansible playbooks run unchanged.
 */
public final class ModuleRegistry {
  private static final List<String> COLLECTION_PREFIXES =
      List.of(
          "ansible.builtin.",
          "ansible.legacy.",
          "ansible.posix.",
          "community.general.",
          "community.crypto.",
          "community.docker.",
          "community.postgresql.");

  private final Map<String, Module> byName = new LinkedHashMap<>();
  private final Map<String, Module> canonical = new TreeMap<>();

  public ModuleRegistry(Collection<Module> modules) {
    for (Module module : modules) {
      register(module);
    }
  }

  /** Every module that a ServiceLoader finds with this class's loader. */
  public static ModuleRegistry load() {
    List<Module> found =
        ServiceLoader.load(Module.class, ModuleRegistry.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    return new ModuleRegistry(found);
  }

  private void register(Module module) {
    ModuleSpec spec = module.spec();
    canonical.put(spec.name(), module);
    byName.put(spec.name(), module);
    for (String alias : spec.aliases()) {
      byName.put(alias, module);
    }
  }

  /** The module a task names, with or without a collection prefix. */
  public Optional<Module> find(String name) {
    Module module = byName.get(name);
    return Optional.ofNullable(module != null ? module : byName.get(withoutCollection(name)));
  }

  /** The name without its collection prefix ({@code ansible.builtin.copy} is {@code copy}). */
  public static String withoutCollection(String name) {
    for (String prefix : COLLECTION_PREFIXES) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  /** Whether the name is a module (used to tell a task's module key from its keywords). */
  public boolean isModule(String name) {
    return find(name).isPresent();
  }

  /** All names a task may use, for "did you mean". */
  public Collection<String> names() {
    return byName.keySet();
  }

  /** One entry per module, sorted by canonical name. */
  public Collection<Module> modules() {
    return canonical.values();
  }
}
