package dev.ploy.report;

/** ANSI colors as Ansible uses them, or plain text when color is off. */
final class Colors {
  private final boolean on;

  Colors(boolean on) {
    this.on = on;
  }

  String ok(String text) {
    return paint("32", text);
  }

  String changed(String text) {
    return paint("33", text);
  }

  String failed(String text) {
    return paint("31", text);
  }

  String skip(String text) {
    return paint("36", text);
  }

  String warn(String text) {
    return paint("35", text);
  }

  String diff(String text) {
    if (!on) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("+") && !line.startsWith("+++")) {
        out.append(paint("32", line));
      } else if (line.startsWith("-") && !line.startsWith("---")) {
        out.append(paint("31", line));
      } else if (line.startsWith("@@")) {
        out.append(paint("36", line));
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  private String paint(String code, String text) {
    return on ? "\u001b[0;" + code + "m" + text + "\u001b[0m" : text;
  }
}
