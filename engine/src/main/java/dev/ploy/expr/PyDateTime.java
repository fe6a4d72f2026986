package dev.ploy.expr;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python datetime, as Ansible's {@code to_datetime} filter gives it: its attributes (year ...
 * microsecond), {@code strftime()}, and subtraction giving a {@link Delta}.
 */
record PyDateTime(LocalDateTime time) implements TemplateObject {
  private static final List<String> ATTRIBUTES =
      List.of("year", "month", "day", "hour", "minute", "second", "microsecond");

  /** datetime.strptime(text, format), for the directives Ansible's users write. */
  static PyDateTime strptime(String text, String format) {
    List<Character> fields = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '%' && i + 1 < format.length()) {
        char d = format.charAt(++i);
        String part =
            switch (d) {
              case 'Y' -> "(\\d{4})";
              case 'm', 'd', 'H', 'M', 'S', 'I' -> "(\\d{1,2})";
              case 'y' -> "(\\d{2})";
              case 'f' -> "(\\d{1,6})";
              case 'j' -> "(\\d{1,3})";
              case 'b', 'B', 'a', 'A' -> "([A-Za-z]+)";
              case 'p' -> "(AM|PM|am|pm)";
              case 'z' -> "([+-]\\d{4}|Z)";
              case '%' -> "%";
              default -> throw new EvalError("to_datetime: unsupported directive %" + d);
            };
        if (d != '%') {
          fields.add(d);
        }
        regex.append(part);
      } else if (Character.isWhitespace(c)) {
        regex.append("\\s+");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    Matcher m = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(text);
    if (!m.matches()) {
      throw new EvalError("time data '" + text + "' does not match format '" + format + "'");
    }
    int year = 1900;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int micro = 0;
    boolean pm = false;
    boolean twelve = false;
    for (int g = 0; g < fields.size(); g++) {
      String v = m.group(g + 1);
      switch (fields.get(g)) {
        case 'Y' -> year = Integer.parseInt(v);
        case 'y' -> year = Integer.parseInt(v) + (Integer.parseInt(v) < 69 ? 2000 : 1900);
        case 'm' -> month = Integer.parseInt(v);
        case 'd' -> day = Integer.parseInt(v);
        case 'H' -> hour = Integer.parseInt(v);
        case 'I' -> {
          hour = Integer.parseInt(v);
          twelve = true;
        }
        case 'M' -> minute = Integer.parseInt(v);
        case 'S' -> second = Integer.parseInt(v);
        case 'f' -> micro = Integer.parseInt((v + "00000").substring(0, 6));
        case 'p' -> pm = v.equalsIgnoreCase("PM");
        case 'b', 'B' -> month = monthNumber(v, text, format);
        default -> {} // weekday names, day of year and zones do not change the date here
      }
    }
    if (twelve) {
      hour = hour % 12 + (pm ? 12 : 0);
    }
    try {
      return new PyDateTime(LocalDateTime.of(year, month, day, hour, minute, second, micro * 1000));
    } catch (java.time.DateTimeException e) {
      throw new EvalError("to_datetime: " + e.getMessage());
    }
  }

  private static int monthNumber(String name, String text, String format) {
    for (java.time.Month month : java.time.Month.values()) {
      String full = month.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      String shortName = month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      if (full.equalsIgnoreCase(name) || shortName.equalsIgnoreCase(name)) {
        return month.getValue();
      }
    }
    throw new EvalError("time data '" + text + "' does not match format '" + format + "'");
  }

  @Override
  public boolean hasAttribute(String name) {
    return ATTRIBUTES.contains(name) || name.equals("strftime") || name.equals("isoformat");
  }

  @Override
  public Object attribute(String name) {
    return switch (name) {
      case "year" -> time.getYear();
      case "month" -> time.getMonthValue();
      case "day" -> time.getDayOfMonth();
      case "hour" -> time.getHour();
      case "minute" -> time.getMinute();
      case "second" -> time.getSecond();
      case "microsecond" -> time.getNano() / 1000;
      case "strftime" ->
          (Invocable)
              (List<Object> args, Map<String, Object> kwargs) ->
                  Functions.strftime(
                      time.atZone(ZoneId.systemDefault()),
                      Values.str(args.isEmpty() ? kwargs.get("format") : args.get(0)));
      case "isoformat" -> (Invocable) (List<Object> args, Map<String, Object> kwargs) -> iso();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private String iso() {
    String base =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02dT%02d:%02d:%02d",
            time.getYear(),
            time.getMonthValue(),
            time.getDayOfMonth(),
            time.getHour(),
            time.getMinute(),
            time.getSecond());
    int micro = time.getNano() / 1000;
    return micro == 0 ? base : base + String.format(Locale.ROOT, ".%06d", micro);
  }

  /** Python's str(datetime): {@code 2024-03-05 10:20:30}. */
  @Override
  public String toString() {
    return iso().replace('T', ' ');
  }

  /** {@code a - b}: the time between two datetimes. */
  Delta minus(PyDateTime other) {
    return new Delta(Duration.between(other.time, time));
  }

  /** A Python timedelta: days, seconds, microseconds and total_seconds(). */
  record Delta(Duration duration) implements TemplateObject {
    @Override
    public boolean hasAttribute(String name) {
      return List.of("days", "seconds", "microseconds", "total_seconds").contains(name);
    }

    @Override
    public Object attribute(String name) {
      long micros = duration.toNanos() / 1000;
      long days = Math.floorDiv(micros, 86_400_000_000L);
      long rest = micros - days * 86_400_000_000L;
      return switch (name) {
        case "days" -> days;
        case "seconds" -> rest / 1_000_000;
        case "microseconds" -> rest % 1_000_000;
        case "total_seconds" ->
            (Invocable) (List<Object> args, Map<String, Object> kwargs) -> micros / 1_000_000.0;
        default -> throw new IllegalArgumentException(name);
      };
    }

    /** Python's str(timedelta): {@code 4 days, 0:00:00}. */
    @Override
    public String toString() {
      long days = (long) attribute("days");
      long seconds = (long) attribute("seconds");
      long micros = (long) attribute("microseconds");
      String clock =
          String.format(
              Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
      if (micros != 0) {
        clock += String.format(Locale.ROOT, ".%06d", micros);
      }
      if (days == 0) {
        return clock;
      }
      return days + (Math.abs(days) == 1 ? " day, " : " days, ") + clock;
    }
  }
}
