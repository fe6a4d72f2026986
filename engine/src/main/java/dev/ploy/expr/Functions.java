package dev.ploy.expr;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Global functions: {@code range}, {@code dict}, {@code lookup}/{@code query}, {@code now}. */
final class Functions {
  private static final Set<String> NAMES = Set.of("range", "dict", "lookup", "query", "q", "now");

  private Functions() {}

  static boolean has(String name) {
    return NAMES.contains(name);
  }

  static Object call(
      String name, List<Object> args, Map<String, Object> kwargs, Lookups.Context context) {
    Args a = new Args(name, null, args, kwargs);
    return switch (name) {
      case "range" -> range(a);
      case "dict" -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (!args.isEmpty()) {
          Object first = args.get(0);
          out.putAll(
              first instanceof Map<?, ?> m
                  ? m
                  : CollectionFilters.pairsToDict(Values.iterate(first)));
        }
        out.putAll(kwargs);
        yield out;
      }
      case "lookup" -> lookup(a, false, context);
      case "query", "q" -> lookup(a, true, context);
      default -> now(a);
    };
  }

  private static Object range(Args a) {
    int start = 0;
    int stop;
    int step = 1;
    if (a.positional().size() == 1) {
      stop = a.integer(0, null, 0);
    } else {
      start = a.integer(0, null, 0);
      stop = a.integer(1, null, 0);
      step = a.integer(2, null, 1);
    }
    if (step == 0) {
      throw new EvalError("range() arg 3 must not be zero");
    }
    List<Object> out = new ArrayList<>();
    for (int i = start; step > 0 ? i < stop : i > stop; i += step) {
      out.add(i);
      if (out.size() > 1_000_000) {
        throw new EvalError("range() too large");
      }
    }
    return out;
  }

  /** Whether {@code name} runs a lookup plugin, whose results Ansible marks unsafe. */
  static boolean isLookup(String name) {
    return name.equals("lookup") || name.equals("query") || name.equals("q");
  }

  private static Object lookup(Args a, boolean asList, Lookups.Context context) {
    String plugin = Values.str(a.required(0, "plugin"));
    List<Object> terms = new ArrayList<>();
    for (Object term : a.positional().subList(1, a.positional().size())) {
      terms.add(context.template(term));
    }
    String errors = a.string(99, "errors", "strict");
    if (!List.of("strict", "warn", "ignore").contains(errors)) {
      throw new EvalError("lookup(): errors must be strict, warn or ignore, not " + errors);
    }
    List<Object> results;
    try {
      results = Lookups.run(plugin, terms, a, context);
    } catch (EvalError e) {
      if (errors.equals("strict")) {
        throw e;
      }
      // errors='warn' or 'ignore': no result (Ansible warns for 'warn'; ploy has no warning here)
      return asList || a.bool(99, "wantlist", false) ? new ArrayList<>() : null;
    }
    if (asList || a.bool(99, "wantlist", false)) {
      return results;
    }
    if (results.size() == 1) {
      return results.get(0);
    }
    if (results.isEmpty()) {
      return results; // an empty list, as Ansible gives it
    }
    if (!results.stream().allMatch(r -> r instanceof String || r instanceof Unsafe)) {
      return results; // as Ansible: only text results are joined with commas
    }
    List<String> strings = new ArrayList<>();
    results.forEach(r -> strings.add(Values.str(r)));
    return String.join(",", strings);
  }

  private static Object now(Args a) {
    ZonedDateTime t =
        a.bool(0, "utc", false) ? ZonedDateTime.now(java.time.ZoneOffset.UTC) : ZonedDateTime.now();
    String fmt = a.string(1, "fmt", null);
    if (fmt == null) {
      return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
    }
    return strftime(t, fmt);
  }

  static String strftime(ZonedDateTime t, String fmt) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%' || i + 1 >= fmt.length()) {
        sb.append(c);
        continue;
      }
      char d = fmt.charAt(++i);
      sb.append(
          switch (d) {
            case 'Y' -> String.format("%04d", t.getYear());
            case 'm' -> String.format("%02d", t.getMonthValue());
            case 'd' -> String.format("%02d", t.getDayOfMonth());
            case 'H' -> String.format("%02d", t.getHour());
            case 'M' -> String.format("%02d", t.getMinute());
            case 'S' -> String.format("%02d", t.getSecond());
            case 's' -> String.valueOf(t.toEpochSecond());
            case 'f' -> String.format("%06d", t.getNano() / 1000);
            case 'y' -> String.format("%02d", t.getYear() % 100);
            case 'e' -> String.format("%2d", t.getDayOfMonth());
            case 'j' -> String.format("%03d", t.getDayOfYear());
            case 'I' -> String.format("%02d", (t.getHour() + 11) % 12 + 1);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'a', 'A', 'b', 'B', 'Z' ->
                t.format(
                    DateTimeFormatter.ofPattern(
                        switch (d) {
                          case 'a' -> "EEE";
                          case 'A' -> "EEEE";
                          case 'b' -> "MMM";
                          case 'B' -> "MMMM";
                          default -> "zzz";
                        },
                        java.util.Locale.ENGLISH));
            case 'z' -> t.format(DateTimeFormatter.ofPattern("xx"));
            case 'F' -> strftime(t, "%Y-%m-%d");
            case 'T' -> strftime(t, "%H:%M:%S");
            case 'D' -> strftime(t, "%m/%d/%y");
            case '%' -> "%";
            default -> "%" + d;
          });
    }
    return sb.toString();
  }
}
