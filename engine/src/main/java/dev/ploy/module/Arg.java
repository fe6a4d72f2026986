package dev.ploy.module;

import java.util.List;

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
    boolean onController) {

  public Arg {
    choices = List.copyOf(choices);
    aliases = List.copyOf(aliases);
  }

  public static Arg of(String name, ArgType type, String description) {
    return new Arg(
        name, type, false, null, List.of(), List.of(), description, false, null, false, false);
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

  public Arg required() {
    return new Arg(
        name,
        type,
        true,
        defaultValue,
        choices,
        aliases,
        description,
        noLog,
        elements,
        refusesOption,
        onController);
  }

  public Arg defaultsTo(Object value) {
    return new Arg(
        name,
        type,
        isRequired,
        value,
        choices,
        aliases,
        description,
        noLog,
        elements,
        refusesOption,
        onController);
  }

  public Arg choices(String... allowed) {
    return new Arg(
        name,
        type,
        isRequired,
        defaultValue,
        List.of(allowed),
        aliases,
        description,
        noLog,
        elements,
        refusesOption,
        onController);
  }

  public Arg aliases(String... names) {
    return new Arg(
        name,
        type,
        isRequired,
        defaultValue,
        choices,
        List.of(names),
        description,
        noLog,
        elements,
        refusesOption,
        onController);
  }

  public Arg secret() {
    return new Arg(
        name,
        type,
        isRequired,
        defaultValue,
        choices,
        aliases,
        description,
        true,
        elements,
        refusesOption,
        onController);
  }

  /** For a list: the type each element is converted to. */
  public Arg elements(ArgType each) {
    return new Arg(
        name,
        type,
        isRequired,
        defaultValue,
        choices,
        aliases,
        description,
        noLog,
        each,
        refusesOption,
        onController);
  }

  /**
   * A value that must not start with '-': it reaches a program that has no {@code --} to end its
   * options, so such a value would be read as an option. Checked before any host is contacted.
   */
  public Arg notAnOption() {
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
        true,
        onController);
  }

  /**
   * A path on the control node (a file to send): it is not expanded on the target as the paths of
   * the hosts are (see {@link PathExpansion}).
   */
  public Arg local() {
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
        true);
  }
}
