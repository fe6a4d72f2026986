package dev.ploy.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading plain values as playbooks write them: names, lists of names, conditions, tags. */
final class YamlValues {
  private YamlValues() {}

  static boolean isTemplated(Object value) {
    return value instanceof String s && (s.contains("{{") || s.contains("{%"));
  }

  /** A condition or a list of them, each as expression text ({@code true} is "True"). */
  static List<String> conditions(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object item : list) {
        out.add(conditionText(item));
      }
      return out;
    }
    return List.of(conditionText(value));
  }

  static String conditionText(Object value) {
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return String.valueOf(value);
  }

  /** One string or a list of them. */
  static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object item : list) {
        out.add(String.valueOf(item));
      }
      return out;
    }
    return List.of(String.valueOf(value));
  }

  /** Tags: a list, or a comma-separated string. */
  static List<String> tagList(Object value) {
    if (value instanceof String text) {
      List<String> out = new ArrayList<>();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    return strings(value);
  }

  static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /** A value shortened for an error message. */
  static String preview(Object value) {
    String text = String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
