import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The course's application jar, as small as the test can make it (testbed/runbook 004): an HTTP
 * server that answers every path with one line naming itself and its Java. It takes Spring Boot's
 * options, so the systemd unit reads as the course's would: {@code java -jar course-api.jar
 * --server.address=127.0.0.1 --server.port=8081}.
 */
public final class CourseApi {
  private CourseApi() {}

  public static void main(String[] args) throws IOException {
    String address = "127.0.0.1";
    int port = 8080;
    for (String arg : args) {
      if (arg.startsWith("--server.address=")) {
        address = arg.substring("--server.address=".length());
      } else if (arg.startsWith("--server.port=")) {
        port = Integer.parseInt(arg.substring("--server.port=".length()));
      } else {
        throw new IllegalArgumentException("unknown option: " + arg);
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.createContext(
        "/",
        exchange -> {
          String text =
              "Hello from the jar (Java "
                  + System.getProperty("java.version")
                  + "), path "
                  + exchange.getRequestURI().getPath()
                  + "\n";
          byte[] body = text.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("course-api listening on " + address + ":" + port);
  }
}
