package dev.ploy.modules.postgres;

import dev.ploy.module.ModuleException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pg_hba.conf as community.postgresql.postgresql_pg_hba edits it: comments (blank lines dropped)
 * and rules keyed by source, database and user; a rule added with a key already there replaces that
 * rule in place, a new key comes last. Written back, the comments come first, in the order read,
 * then the rules sorted most specific first (the collection's order); a rule's own comment stays
 * behind it only with keep_comments_at_rules.
 */
final class HbaFile {
  private final List<String> comments = new ArrayList<>();
  private final Map<HbaRule.Key, HbaRule> rules = new LinkedHashMap<>();
  private final Map<HbaRule.Key, HbaRule> before;
  // the collection's diff: the lines of the rules each add changed and each remove found
  private final List<String> added = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();

  private HbaFile(String text, boolean keepComments) throws ModuleException {
    if (text == null) {
      before = null;
      return;
    }
    for (String raw : text.split("\r\n|\r|\n")) {
      String line = raw.strip();
      String comment = null;
      int hash = line.indexOf('#');
      if (hash >= 0) {
        comment = line.substring(hash + 1);
        if (comment.isEmpty()) {
          comment = null;
        }
        line = line.substring(0, hash).stripTrailing();
      }
      if (line.isEmpty()) {
        if (comment != null) {
          comments.add("#" + comment);
        }
        continue;
      }
      if (comment != null && !keepComments) {
        comments.add("#" + comment);
        comment = null;
      }
      add(HbaRule.parse(line, comment));
    }
    before = new LinkedHashMap<>(rules);
    // as the collection's unchanged(): the diff holds only the task's edits, not the reading
    added.clear();
  }

  /** The file's text as read (null: there is none); throws the collection's reading errors. */
  static HbaFile read(String text, boolean keepComments) throws ModuleException {
    return new HbaFile(text, keepComments);
  }

  /** Removes every rule (overwrite). */
  void clear() {
    rules.clear();
  }

  /** Adds the rule, replacing the one with its key unless they are the same. */
  void add(HbaRule rule) {
    HbaRule old = rules.get(rule.key());
    if (!rule.equals(old)) {
      rules.put(rule.key(), rule);
      added.add(rule.line());
    }
  }

  /** Removes the rule with this rule's key, if any. */
  void remove(HbaRule rule) {
    if (rules.remove(rule.key()) != null) {
      removed.add(rule.line());
    }
  }

  /** Whether the rules differ from those read (the collection's changed()). */
  boolean changed() {
    if ((before == null || before.isEmpty()) && rules.isEmpty()) {
      return false;
    }
    return !rules.equals(before);
  }

  /** The rules in the order they are written. */
  List<HbaRule> sorted() {
    List<HbaRule> sorted = new ArrayList<>(rules.values());
    sorted.sort((a, b) -> a.before(b) ? -1 : b.before(a) ? 1 : 0);
    return sorted;
  }

  /**
   * The collection's diff of {@code dest}: before, the lines of the rules removed (as the task gave
   * them); after, those of the rules added or changed, in the order the task asked.
   */
  Map<String, Object> diff(String dest) {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("file", dest);
    before.put("pg_hba", List.copyOf(removed));
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("file", dest);
    after.put("pg_hba", List.copyOf(added));
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("before", before);
    diff.put("after", after);
    return diff;
  }

  /** The file's new text. */
  String render() {
    List<String> lines = new ArrayList<>();
    for (HbaRule rule : sorted()) {
      lines.add(rule.comment() == null ? rule.line() : rule.line() + "\t#" + rule.comment());
    }
    String text = String.join("\n", comments) + "\n" + String.join("\n", lines);
    return text.endsWith("\n") || text.endsWith("\r") ? text : text + "\n";
  }
}
