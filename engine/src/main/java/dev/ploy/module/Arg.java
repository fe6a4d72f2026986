package dev.ploy.module;

import java.util.List;
import java.util.function.Consumer;

/**
 * One declared module argument: its name, type, whether it is required, its default, allowed
 * values, aliases and the description that the generated documentation shows.
 */
public record Arg(
    String name,
    ArgType type,
    boolean isRequired,
    Object defaultValue,
    List<String> choices,
    List<String> aliases,
    String description,
    boolean noLog,
    ArgType elements,
    boolean refusesOption,
    boolean onController,
    boolean isTemplate) {

  public Arg {
    choices = List.copyOf(choices);
    aliases = List.copyOf(aliases);
  }

  public static Arg of(String name, ArgType type, String description) {
    return new Arg(
        name,
        type,
        false,
        null,
        List.of(),
        List.of(),
        description,
        false,
        null,
        false,
        false,
        false);
  }

  public static Arg str(String name, String description) {
    return of(name, ArgType.STR, description);
  }

  public static Arg bool(String name, String description) {
    return of(name, ArgType.BOOL, description);
  }

  public static Arg integer(String name, String description) {
    return of(name, ArgType.INT, description);
  }

  public static Arg path(String name, String description) {
    return of(name, ArgType.PATH, description);
  }

  public static Arg list(String name, String description) {
    return of(name, ArgType.LIST, description);
  }

  public static Arg dict(String name, String description) {
    return of(name, ArgType.DICT, description);
  }

  public static Arg mode(String name, String description) {
    return of(name, ArgType.MODE, description);
  }

  public static Arg raw(String name, String description) {
    return of(name, ArgType.RAW, description);
  }

  /**
   * Ansible's most common argument: {@code state}, present (the default) or absent, which {@link
   * Args#present()} reads.
   */
  public static Arg presence(String description) {
    return str("state", description).choices("present", "absent").defaultsTo("present");
  }

  public Arg required() {
    return with(draft -> draft.isRequired = true);
  }

  public Arg defaultsTo(Object value) {
    return with(draft -> draft.defaultValue = value);
  }

  public Arg choices(String... allowed) {
    return with(draft -> draft.choices = List.of(allowed));
  }

  public Arg aliases(String... names) {
    return with(draft -> draft.aliases = List.of(names));
  }

  public Arg secret() {
    return with(draft -> draft.noLog = true);
  }

  /** For a list: the type each element is converted to. */
  public Arg elements(ArgType each) {
    return with(draft -> draft.elements = each);
  }

  /**
   * A value that must not start with '-': it reaches a program that has no {@code --} to end its
   * options, so such a value would be read as an option. Checked before any host is contacted.
   */
  public Arg notAnOption() {
    return with(draft -> draft.refusesOption = true);
  }

  /**
   * A path on the control node (a file to send): it is not expanded on the target as the paths of
   * the hosts are (see {@link PathExpansion}).
   */
  public Arg local() {
    return with(draft -> draft.onController = true);
  }

  /**
   * A Jinja2 template file on the control node, rendered as the template module renders it: a
   * literal one is parsed when the playbook loads, so that its errors show before any host is
   * contacted.
   */
  public Arg template() {
    return with(
        draft -> {
          draft.onController = true;
          draft.isTemplate = true;
        });
  }

  /** This argument with the fields that {@code change} sets on a copy of it. */
  private Arg with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** A mutable copy of an Arg, so that each wither above sets only the field it is about. */
  private static final class Draft {
    private final String name;
    private final ArgType type;
    private final String description;
    private boolean isRequired;
    private Object defaultValue;
    private List<String> choices;
    private List<String> aliases;
    private boolean noLog;
    private ArgType elements;
    private boolean refusesOption;
    private boolean onController;
    private boolean isTemplate;

    private Draft(Arg arg) {
      name = arg.name;
      type = arg.type;
      description = arg.description;
      isRequired = arg.isRequired;
      defaultValue = arg.defaultValue;
      choices = arg.choices;
      aliases = arg.aliases;
      noLog = arg.noLog;
      elements = arg.elements;
      refusesOption = arg.refusesOption;
      onController = arg.onController;
      isTemplate = arg.isTemplate;
    }

    private Arg build() {
      return new Arg(
          name,
          type,
          isRequired,
          defaultValue,
          choices,
          aliases,
          description,
          noLog,
          elements,
          refusesOption,
          onController,
          isTemplate);
    }
  }
}
