package dev.ploy.template;

import java.util.HashMap;
import java.util.Map;

/**
 * The expressions of one render, by the placeholder name that replaced them in the Mustache source.
 * Placeholders keep Mustache.java's tokenizer away from quotes, pipes and braces.
 */
final class Tags {
  /** One tag as written: its expression and where it is. */
  record Tag(String expression, boolean section, String template, int line) {
    String where() {
      return template + ":" + line;
    }
  }

  private final Map<String, Tag> byName = new HashMap<>();
  private final Map<String, String> partialSites = new HashMap<>();

  synchronized String add(Tag tag) {
    String name = "ploy_tag_" + byName.size();
    byName.put(name, tag);
    return name;
  }

  synchronized Tag get(String name) {
    return byName.get(name);
  }

  /** Remembers where a partial was first included, for "not found" messages. */
  synchronized void partialAt(String partial, String where) {
    partialSites.putIfAbsent(partial, where);
  }

  synchronized String partialSite(String partial) {
    return partialSites.getOrDefault(partial, partial);
  }
}
