package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's filters for markup and representations: escape (e), forceescape, safe, striptags,
 * xmlattr, urlize, tojson, pprint, filesizeformat, attr. Ansible renders with autoescape off, so
 * escaped text is plain text here (ploy has no Markup type: {@code is escaped} is always false).
 */
final class MarkupFilters {
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<.*?>", Pattern.DOTALL);
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
  private static final Pattern LEAD = Pattern.compile("^((?:[(<]|&lt;)*)(.*)$", Pattern.DOTALL);
  private static final Pattern TRAIL =
      Pattern.compile("^(.*?)((?:[)>.,\\n]|&gt;)*)$", Pattern.DOTALL);
  private static final Pattern EMAIL = Pattern.compile("^\\S+@\\w[\\w.-]*\\.\\w+$");
  private static final Pattern SCHEME_URL =
      Pattern.compile("^https?://.+", Pattern.CASE_INSENSITIVE);
  private static final Pattern WWW = Pattern.compile("^www\\..+", Pattern.CASE_INSENSITIVE);
  private static final Pattern BARE_DOMAIN =
      Pattern.compile("^[a-zA-Z0-9][\\w.-]*\\.(?:org|net|com)$", Pattern.CASE_INSENSITIVE);

  private MarkupFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("escape", a -> escape(Values.str(a.input() == null ? "None" : a.input())));
    f.put("e", a -> escape(Values.str(a.input() == null ? "None" : a.input())));
    f.put("forceescape", a -> escape(a.inputString()));
    f.put("safe", a -> a.inputString());
    f.put("striptags", a -> striptags(a.inputString()));
    f.put("xmlattr", MarkupFilters::xmlattr);
    f.put("urlize", MarkupFilters::urlize);
    f.put("tojson", MarkupFilters::tojson);
    f.put("pprint", a -> Values.repr(sorted(a.input())));
    f.put("filesizeformat", MarkupFilters::filesizeformat);
    f.put("attr", MarkupFilters::attr);
  }

  /** markupsafe's escape: &amp; &lt; &gt; &#34; &#39;. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Markup.striptags: comments and tags removed, whitespace collapsed, entities decoded. */
  private static String striptags(String text) {
    String bare = TAG.matcher(COMMENT.matcher(text).replaceAll("")).replaceAll("");
    String collapsed = String.join(" ", bare.strip().split("\\s+"));
    return unescape(collapsed);
  }

  private static String unescape(String text) {
    Matcher m = ENTITY.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement =
          switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> "\u00a0";
            default -> {
              if (!name.startsWith("#")) {
                yield m.group();
              }
              boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
              int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
              yield new String(Character.toChars(code));
            }
          };
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {@code {'id': 'x'} | xmlattr}: ' id="x"', values escaped, none and undefined left out. */
  private static Object xmlattr(Args a) {
    List<String> items = new ArrayList<>();
    for (Map.Entry<Object, Object> e : a.inputMap().entrySet()) {
      if (e.getValue() == null || e.getValue() instanceof Undefined) {
        continue;
      }
      items.add(escape(Values.str(e.getKey())) + "=\"" + escape(Values.str(e.getValue())) + "\"");
    }
    String out = String.join(" ", items);
    return a.bool(0, "autospace", true) && !out.isEmpty() ? " " + out : out;
  }

  /** Jinja's urlize: links for http(s) URLs, www. names, bare .com/.org/.net names and emails. */
  private static Object urlize(Args a) {
    Object limit = a.get(0, "trim_url_limit", null);
    boolean nofollow = a.bool(1, "nofollow", false);
    String target = a.string(2, "target", null);
    String rel = a.string(3, "rel", null);
    java.util.TreeSet<String> rels = new java.util.TreeSet<>();
    for (String r : (rel == null ? "noopener" : rel).split("\\s+")) {
      if (!r.isEmpty()) {
        rels.add(r);
      }
    }
    if (nofollow) {
      rels.add("nofollow");
    }
    String relAttr = rels.isEmpty() ? "" : " rel=\"" + escape(String.join(" ", rels)) + "\"";
    String targetAttr = target == null ? "" : " target=\"" + escape(target) + "\"";
    String[] words = escape(a.inputString()).split("(?<=\\s)(?=\\S)|(?<=\\S)(?=\\s)");
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      if (word.isBlank()) {
        out.append(word);
        continue;
      }
      Matcher lead = LEAD.matcher(word);
      lead.matches();
      Matcher trail = TRAIL.matcher(lead.group(2));
      trail.matches();
      String head = lead.group(1);
      String middle = trail.group(1);
      String tail = trail.group(2);
      String shown = shown(middle, limit);
      String link;
      if (SCHEME_URL.matcher(middle).matches()) {
        link = "<a href=\"" + middle + "\"" + relAttr + targetAttr + ">" + shown + "</a>";
      } else if (WWW.matcher(middle).matches()
          || (!middle.contains("@")
              && !middle.toLowerCase(Locale.ROOT).startsWith("http")
              && BARE_DOMAIN.matcher(middle).matches())) {
        link = "<a href=\"https://" + middle + "\"" + relAttr + targetAttr + ">" + shown + "</a>";
      } else if (middle.contains("@") && !middle.contains(":") && EMAIL.matcher(middle).matches()) {
        link = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
      } else {
        link = middle;
      }
      out.append(head).append(link).append(tail);
    }
    return out.toString();
  }

  private static String shown(String url, Object limit) {
    if (limit == null) {
      return url;
    }
    int n = (int) Values.dbl(limit);
    return url.length() > n ? url.substring(0, n) + "..." : url;
  }

  /**
   * Jinja's tojson: JSON with sorted keys whose {@code < > & '} are written as \\u escapes, so the
   * text is safe inside HTML.
   */
  private static Object tojson(Args a) {
    Map<String, Object> options = new java.util.LinkedHashMap<>();
    Object indent = a.get(0, "indent", null);
    if (indent != null) {
      options.put("indent", indent);
    }
    String json = Values.str(Filters.apply("to_json", sorted(a.input()), List.of(), options));
    return json.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027");
  }

  /** A value with every dict's keys sorted, as Python's pprint prints it. */
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new TreeMap<>(Values::compare);
      m.forEach((k, v) -> out.put(k, sorted(v)));
      return new java.util.LinkedHashMap<>(out);
    }
    if (value instanceof List<?> l) {
      return l.stream().map(MarkupFilters::sorted).toList();
    }
    return value;
  }

  /** Jinja's filesizeformat: 1.5 kB (decimal) or 1.5 KiB with binary=true. */
  private static Object filesizeformat(Args a) {
    boolean binary = a.bool(0, "binary", false);
    double bytes =
        Values.dbl(a.input() instanceof String s ? Double.parseDouble(s.strip()) : a.input());
    double base = binary ? 1024 : 1000;
    String[] prefixes =
        binary
            ? new String[] {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
            : new String[] {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    if (bytes == 1) {
      return "1 Byte";
    }
    if (bytes < base) {
      return (long) bytes + " Bytes";
    }
    double unit = base;
    for (int i = 0; i < prefixes.length; i++) {
      unit = Math.pow(base, i + 2);
      if (bytes < unit || i == prefixes.length - 1) {
        return String.format(Locale.ROOT, "%.1f %s", base * bytes / unit, prefixes[i]);
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** Jinja's attr: an attribute of an object, never a dict's key; undefined when there is none. */
  private static Object attr(Args a) {
    String name = a.string(0, "name", "");
    if (a.input() instanceof TemplateObject o && o.hasAttribute(name)) {
      return o.attribute(name);
    }
    return new Undefined(
        name, "'" + Values.typeName(a.input()) + " object' has no attribute '" + name + "'");
  }
}
