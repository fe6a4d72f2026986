package dev.ploy.playbook;

/**
 * How a task repeats: {@code loop:} or one of the {@code with_*} forms, and its loop_control.
 *
 * @param kind "loop", or the lookup of a with_* form ("items", "dict", "list", "indexed_items",
 *     "together", "sequence", "fileglob", "nested", "subelements")
 * @param items the raw items: an expression string, or a list as written
 * @param loopVar the variable each item is bound to ({@code item} by default)
 * @param indexVar a variable that gets the item's index, if any
 * @param label what the console shows for each item instead of the whole item, if any
 * @param extended whether {@code ansible_loop} is provided
 */
public record Loop(
    String kind,
    Object items,
    String loopVar,
    String indexVar,
    String label,
    double pauseSeconds,
    boolean extended) {}
