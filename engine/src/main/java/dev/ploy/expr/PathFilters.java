package dev.ploy.expr;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Filters on paths and URLs: splitext, path_join, expanduser and realpath (on the control node, as
 * in Ansible), urlsplit, urlencode, urldecode.
 */
final class PathFilters {
  private PathFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("splitext", a -> splitext(a.inputString()));
    f.put("path_join", PathFilters::pathJoin);
    f.put("expanduser", a -> expanduser(a.inputString()));
    f.put("realpath", PathFilters::realpath);
    f.put("urlsplit", PathFilters::urlsplit);
    f.put("urlencode", PathFilters::urlencode);
    f.put("urldecode", a -> urldecode(a.inputString()));
    f.put("relpath", a -> relpath(a.inputString(), a.string(0, "start", ".")));
    f.put("win_basename", a -> ntSplit(a.inputString())[1]);
    f.put("win_dirname", a -> ntSplit(a.inputString())[0]);
    f.put("win_splitdrive", a -> List.of(ntDrive(a.inputString())[0], ntDrive(a.inputString())[1]));
    f.put("expandvars", a -> expandvars(a.inputString()));
    f.put("fileglob", a -> fileglob(a.inputString()));
  }

  /** os.path.relpath on the control node: relative paths are taken from the current directory. */
  private static String relpath(String path, String start) {
    Path from = Path.of(start).toAbsolutePath().normalize();
    Path to = Path.of(path).toAbsolutePath().normalize();
    String rel = from.relativize(to).toString();
    return rel.isEmpty() ? "." : rel;
  }

  /** ntpath.splitdrive: a drive letter ("C:") or a UNC share, and the rest. */
  private static String[] ntDrive(String path) {
    String p = path.replace('/', '\\');
    if (p.startsWith("\\\\") && !p.startsWith("\\\\\\")) {
      int server = p.indexOf('\\', 2);
      int share = server < 0 ? -1 : p.indexOf('\\', server + 1);
      if (server > 2 && share != server + 1) {
        int end = share < 0 ? p.length() : share;
        return new String[] {path.substring(0, end), path.substring(end)};
      }
      return new String[] {"", path};
    }
    if (path.length() >= 2 && path.charAt(1) == ':') {
      return new String[] {path.substring(0, 2), path.substring(2)};
    }
    return new String[] {"", path};
  }

  /** ntpath.split: [head, tail], either slash a separator, trailing ones off the head. */
  private static String[] ntSplit(String path) {
    String[] drive = ntDrive(path);
    String p = drive[1];
    int i = p.length();
    while (i > 0 && p.charAt(i - 1) != '\\' && p.charAt(i - 1) != '/') {
      i--;
    }
    String head = p.substring(0, i);
    String stripped = head.replaceAll("[\\\\/]+$", "");
    return new String[] {drive[0] + (stripped.isEmpty() ? head : stripped), p.substring(i)};
  }

  /** os.path.expandvars: $NAME and ${NAME} from the environment; unknown ones stay. */
  private static String expandvars(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\$(\\w+|\\{[^}]*\\})").matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name =
          m.group(1).startsWith("{")
              ? m.group(1).substring(1, m.group(1).length() - 1)
              : m.group(1);
      String value = System.getenv(name);
      m.appendReplacement(
          sb, java.util.regex.Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The files (not directories) a glob names on the control node, in name order. */
  private static List<Object> fileglob(String pattern) {
    List<Path> found = new ArrayList<>();
    boolean absolute = pattern.startsWith("/");
    found.add(absolute ? Path.of("/") : Path.of(""));
    for (String part : pattern.split("/+")) {
      if (part.isEmpty()) {
        continue;
      }
      List<Path> next = new ArrayList<>();
      for (Path dir : found) {
        if (!part.contains("*") && !part.contains("?") && !part.contains("[")) {
          next.add(dir.resolve(part));
          continue;
        }
        java.nio.file.PathMatcher matcher =
            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + part);
        Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(listed)) {
          entries
              .map(Path::getFileName)
              .filter(
                  name ->
                      matcher.matches(name)
                          && !(name.toString().startsWith(".") && !part.startsWith(".")))
              .sorted()
              .forEach(name -> next.add(dir.resolve(name)));
        } catch (IOException | java.io.UncheckedIOException e) {
          // not a directory, or unreadable: nothing matches below it
        }
      }
      found = next;
    }
    List<Object> files = new ArrayList<>();
    for (Path p : found) {
      if (java.nio.file.Files.isRegularFile(p)) {
        files.add(p.toString());
      }
    }
    return files;
  }

  /**
   * Python's unquote_plus, as Ansible's urldecode: '+' is a space, %XX a byte (UTF-8), and a '%'
   * not followed by two hex digits stays as it is.
   */
  static String urldecode(String text) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    byte[] in = text.replace('+', ' ').getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
        bytes.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
        i += 2;
      } else {
        bytes.write(in[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    return Character.digit((char) b, 16);
  }

  /** [root, extension] as Python's os.path.splitext: a leading dot is not an extension. */
  private static List<Object> splitext(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    int start = slash + 1;
    while (start < path.length() && path.charAt(start) == '.') {
      start++;
    }
    if (dot < start) {
      return List.of(path, "");
    }
    return List.of(path.substring(0, dot), path.substring(dot));
  }

  /** os.path.join of a list: an absolute part starts over. */
  private static Object pathJoin(Args a) {
    List<Object> parts = a.input() instanceof String s ? List.of(s) : a.inputList();
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      String p = Values.str(part);
      if (p.startsWith("/")) {
        out.setLength(0);
        out.append(p);
      } else if (out.length() == 0 || out.charAt(out.length() - 1) == '/') {
        out.append(p);
      } else {
        out.append('/').append(p);
      }
    }
    return out.toString();
  }

  private static String expanduser(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return path;
  }

  private static Object realpath(Args a) {
    try {
      Path path = Path.of(expanduser(a.inputString())).toAbsolutePath().normalize();
      return path.toFile().exists() ? path.toRealPath().toString() : path.toString();
    } catch (IOException e) {
      throw new EvalError("realpath: " + e.getMessage());
    }
  }

  /** A URL's parts as a dict (scheme, netloc, path, query, fragment, hostname, port...), or one. */
  private static Object urlsplit(Args a) {
    URI uri;
    try {
      uri = new URI(a.inputString());
    } catch (URISyntaxException e) {
      throw new EvalError("urlsplit: not a URL: " + e.getMessage());
    }
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("scheme", orEmpty(uri.getScheme()));
    parts.put("netloc", orEmpty(uri.getRawAuthority()));
    parts.put("path", orEmpty(uri.getRawPath()));
    parts.put("query", orEmpty(uri.getRawQuery()));
    parts.put("fragment", orEmpty(uri.getRawFragment()));
    parts.put(
        "hostname",
        uri.getHost() == null ? null : uri.getHost().toLowerCase(java.util.Locale.ROOT));
    parts.put("port", uri.getPort() < 0 ? null : uri.getPort());
    String userInfo = uri.getRawUserInfo();
    parts.put("username", userInfo == null ? null : userInfo.split(":", 2)[0]);
    parts.put(
        "password", userInfo == null || !userInfo.contains(":") ? null : userInfo.split(":", 2)[1]);
    String which = a.string(0, "query", null);
    if (which == null || which.isEmpty()) {
      return parts;
    }
    if (!parts.containsKey(which)) {
      throw new EvalError("urlsplit: unknown URL component '" + which + "'");
    }
    return parts.get(which);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  /** Percent-encodes a string (keeping '/'), or makes a query string of a dict or pairs. */
  private static Object urlencode(Args a) {
    Object input = a.input();
    if (input instanceof Map<?, ?> || input instanceof List<?>) {
      List<String> pairs = new ArrayList<>();
      if (input instanceof Map<?, ?> map) {
        map.forEach((k, v) -> pairs.add(quote(Values.str(k), "") + "=" + quote(Values.str(v), "")));
      } else {
        for (Object item : Values.iterate(input)) {
          List<Object> pair = Values.iterate(item);
          pairs.add(quote(Values.str(pair.get(0)), "") + "=" + quote(Values.str(pair.get(1)), ""));
        }
      }
      return String.join("&", pairs);
    }
    return quote(a.inputString(), "/");
  }

  /** Python's urllib quote: unreserved characters and {@code safe} stay, the rest is %XX. */
  private static String quote(String text, String safe) {
    String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    encoded = encoded.replace("%7E", "~");
    for (char c : safe.toCharArray()) {
      encoded =
          encoded.replace(
              URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8), String.valueOf(c));
    }
    return encoded;
  }
}
