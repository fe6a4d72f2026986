package dev.ploy.module;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule about which arguments go together, as Ansible's argument_spec declares them
 * (mutually_exclusive, required_one_of, required_together, required_if, required_by). A module
 * declares its rules in its {@link ModuleSpec}; {@link ArgChecker} checks them before any host is
 * contacted, and again with the templated values when the task runs. The message is Ansible's
 * (module_utils/common/validation.py), followed by the fix.
 */
public sealed interface ArgRule {

  /** The message when the arguments surely break the rule. */
  Optional<String> violation(Given given);

  /** The rule in words, for the module reference. */
  String describe();

  /** The same rule, broken with the words of Ansible's module instead ({@link Worded}). */
  default ArgRule saying(String message) {
    return new Worded(this, message);
  }

  /** At most one of {@code names} (mutually_exclusive). */
  static ArgRule mutuallyExclusive(String... names) {
    return new Group(Group.Kind.MUTUALLY_EXCLUSIVE, List.of(names));
  }

  /** At least one of {@code names} (required_one_of). */
  static ArgRule requiredOneOf(String... names) {
    return new Group(Group.Kind.REQUIRED_ONE_OF, List.of(names));
  }

  /** All of {@code names} or none (required_together). */
  static ArgRule requiredTogether(String... names) {
    return new Group(Group.Kind.REQUIRED_TOGETHER, List.of(names));
  }

  /** When {@code name} is {@code value} (given, or its default), all of {@code required}. */
  static ArgRule requiredIf(String name, String value, String... required) {
    return new RequiredIf(name, value, List.of(required), false);
  }

  /** When {@code name} is {@code value} (given, or its default), one of {@code required}. */
  static ArgRule requiredIfAny(String name, String value, String... required) {
    return new RequiredIf(name, value, List.of(required), true);
  }

  /** When {@code name} is given, all of {@code required} (required_by). */
  static ArgRule requiredBy(String name, String... required) {
    return new RequiredBy(name, List.of(required));
  }

  /**
   * What is known of a task's arguments. Before the run a templated value is not known yet: a rule
   * is broken only when it is broken whatever the value turns out to be.
   *
   * @param present the arguments surely given (not null)
   * @param unknown the arguments whose value is known only when the task runs
   * @param values the known values as text, the declared default for an argument not given
   */
  record Given(Set<String> present, Set<String> unknown, Map<String, String> values) {
    public Given {
      present = Set.copyOf(present);
      unknown = Set.copyOf(unknown);
      values = Map.copyOf(values);
    }

    boolean absent(String name) {
      return !present.contains(name) && !unknown.contains(name);
    }

    List<String> absent(List<String> names) {
      return names.stream().filter(this::absent).toList();
    }

    boolean is(String name, String value) {
      return !unknown.contains(name) && value.equals(values.get(name));
    }
  }

  /** A rule about a group of arguments: at most one of them, at least one, or all or none. */
  record Group(Kind kind, List<String> names) implements ArgRule {
    /** Ansible's mutually_exclusive, required_one_of and required_together. */
    public enum Kind {
      MUTUALLY_EXCLUSIVE,
      REQUIRED_ONE_OF,
      REQUIRED_TOGETHER
    }

    public Group {
      names = List.copyOf(names);
    }

    @Override
    public Optional<String> violation(Given given) {
      long present = names.stream().filter(given.present()::contains).count();
      int absent = given.absent(names).size();
      String list = String.join(", ", names);
      return switch (kind) {
        case MUTUALLY_EXCLUSIVE ->
            broken(
                present > 1,
                "parameters are mutually exclusive: "
                    + String.join("|", names)
                    + " (give only one of them)");
        case REQUIRED_ONE_OF ->
            broken(
                absent == names.size(),
                "one of the following is required: " + list + " (give one)");
        case REQUIRED_TOGETHER ->
            broken(
                present > 0 && absent > 0,
                "parameters are required together: " + list + " (give all of them or none)");
      };
    }

    @Override
    public String describe() {
      String list = String.join(", ", names);
      return switch (kind) {
        case MUTUALLY_EXCLUSIVE -> "mutually exclusive: " + list;
        case REQUIRED_ONE_OF -> "one of these is required: " + list;
        case REQUIRED_TOGETHER -> "given together: " + list;
      };
    }
  }

  private static Optional<String> broken(boolean broken, String message) {
    return broken ? Optional.of(message) : Optional.empty();
  }

  /**
   * When {@code name} is {@code value} (given or by default): all of {@code required}, or with
   * {@code anyOf} at least one.
   */
  record RequiredIf(String name, String value, List<String> required, boolean anyOf)
      implements ArgRule {
    public RequiredIf {
      required = List.copyOf(required);
    }

    @Override
    public Optional<String> violation(Given given) {
      if (!given.is(name, value)) {
        return Optional.empty();
      }
      List<String> missing = given.absent(required);
      if (missing.isEmpty() || (anyOf && missing.size() < required.size())) {
        return Optional.empty();
      }
      return Optional.of(
          name
              + " is "
              + value
              + " but "
              + (anyOf ? "any" : "all")
              + " of the following are missing: "
              + String.join(", ", missing)
              + (anyOf ? " (give one of them)" : " (give them, or another " + name + ")"));
    }

    @Override
    public String describe() {
      return (anyOf ? "one of " : "")
          + String.join(", ", required)
          + (!anyOf && required.size() > 1 ? " are" : " is")
          + " required when "
          + name
          + " is "
          + value;
    }
  }

  /** When {@code name} is given: every one of {@code required}. */
  record RequiredBy(String name, List<String> required) implements ArgRule {
    public RequiredBy {
      required = List.copyOf(required);
    }

    @Override
    public Optional<String> violation(Given given) {
      List<String> missing = given.absent(required);
      if (!given.present().contains(name) || missing.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          "missing parameter(s) required by '"
              + name
              + "': "
              + String.join(", ", missing)
              + " (give them too, or leave out "
              + name
              + ")");
    }

    @Override
    public String describe() {
      return String.join(", ", required)
          + (required.size() > 1 ? " are" : " is")
          + " required with "
          + name;
    }
  }

  /**
   * A rule Ansible's module checks itself, with its own message (which Ansible's tests compare):
   * broken when {@code rule} is, said as {@code message}.
   */
  record Worded(ArgRule rule, String message) implements ArgRule {
    @Override
    public Optional<String> violation(Given given) {
      return rule.violation(given).map(broken -> message);
    }

    @Override
    public String describe() {
      return rule.describe();
    }
  }
}
