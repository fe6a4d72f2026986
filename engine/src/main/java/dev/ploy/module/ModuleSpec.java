package dev.ploy.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a module declares about itself: its name and aliases, what it does, its arguments and their
 * constraints, and an example. Arguments are checked against it before any host is contacted, and
 * {@code ploy doc} and docs/modules.md are generated from it.
 *
 * @param rules which arguments go together (Ansible's mutually_exclusive, required_if...), checked
 *     with the arguments
 * @param freeForm the argument that receives free-form text ({@code command: ls -l}), if any
 * @param notHonoured arguments Ansible documents that ploy accepts but does not act on: the docs
 *     say so, and a task that sets one gets a warning naming it
 * @param example a YAML task showing typical use
 */
public record ModuleSpec(
    String name,
    List<String> aliases,
    String description,
    List<Arg> args,
    List<ArgRule> rules,
    Optional<String> freeForm,
    String example,
    List<String> notHonoured) {

  public ModuleSpec {
    aliases = List.copyOf(aliases);
    args = List.copyOf(args);
    rules = List.copyOf(rules);
    notHonoured = List.copyOf(notHonoured);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Whether ploy accepts this declared argument without acting on it. */
  public boolean honours(Arg arg) {
    return !notHonoured.contains(arg.name());
  }

  /** The declared argument with this name or alias. */
  public Optional<Arg> arg(String nameOrAlias) {
    for (Arg arg : args) {
      if (arg.name().equals(nameOrAlias) || arg.aliases().contains(nameOrAlias)) {
        return Optional.of(arg);
      }
    }
    return Optional.empty();
  }

  /** Builds a spec; only the name and description are required. */
  public static final class Builder {
    private final String name;
    private final List<String> aliases = new ArrayList<>();
    private String description = "";
    private final List<Arg> args = new ArrayList<>();
    private final List<ArgRule> rules = new ArrayList<>();
    private String freeForm;
    private String example = "";
    private final List<String> notHonoured = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder aliases(String... names) {
      aliases.addAll(List.of(names));
      return this;
    }

    public Builder description(String text) {
      this.description = text;
      return this;
    }

    public Builder arg(Arg arg) {
      args.add(arg);
      return this;
    }

    /** These arguments, in order: a group that several modules declare alike. */
    public Builder args(List<Arg> group) {
      args.addAll(group);
      return this;
    }

    /**
     * An argument Ansible documents that ploy accepts but does not act on; the description says
     * what ploy does instead. With a default, only a value other than it draws the warning.
     */
    public Builder notHonoured(Arg arg) {
      args.add(arg);
      notHonoured.add(arg.name());
      return this;
    }

    /** Each of these arguments, accepted and not acted on (see {@link #notHonoured(Arg)}). */
    public Builder notHonoured(List<Arg> args) {
      args.forEach(this::notHonoured);
      return this;
    }

    /** At most one of these arguments. */
    public Builder mutuallyExclusive(String... names) {
      return rule(ArgRule.mutuallyExclusive(names));
    }

    /** At least one of these arguments. */
    public Builder requiredOneOf(String... names) {
      return rule(ArgRule.requiredOneOf(names));
    }

    /** All of these arguments or none. */
    public Builder requiredTogether(String... names) {
      return rule(ArgRule.requiredTogether(names));
    }

    /** When {@code name} is {@code value} (given, or its default), all of {@code required}. */
    public Builder requiredIf(String name, String value, String... required) {
      return rule(ArgRule.requiredIf(name, value, required));
    }

    /** When {@code name} is given, all of {@code required}. */
    public Builder requiredBy(String name, String... required) {
      return rule(ArgRule.requiredBy(name, required));
    }

    /** Any rule, such as one worded as Ansible's module words it ({@link ArgRule#saying}). */
    public Builder rule(ArgRule rule) {
      rules.add(rule);
      return this;
    }

    public Builder freeForm(String argName) {
      this.freeForm = argName;
      return this;
    }

    public Builder example(String yaml) {
      this.example = yaml;
      return this;
    }

    public ModuleSpec build() {
      return new ModuleSpec(
          name,
          aliases,
          description,
          args,
          rules,
          Optional.ofNullable(freeForm),
          example,
          notHonoured);
    }
  }
}
