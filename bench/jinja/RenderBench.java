import dev.ploy.expr.Jinja;
import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders the benchmark template with ploy's Jinja renderer, as the template module does, in one
 * JVM. Run by bench/jinja/run as a single-file program against ploy.jar.
 *
 * <p>Usage: RenderBench TEMPLATE VARS RUNS OUT. Each run renders the template with a different
 * leading comment ({# run N #}), so that no parsed template is reused. Prints "first s" and "median
 * s" as ansible_render.py does, and writes the first render's output to OUT.
 */
public class RenderBench {
  public static void main(String[] args) throws Exception {
    String source = Files.readString(Path.of(args[0]));
    Map<String, Object> vars = new Yaml().load(Files.readString(Path.of(args[1])));
    vars.put("ansible_managed", "Ansible managed");
    int runs = Integer.parseInt(args[2]);
    Templar templar = new Templar(Scope.of(vars));
    List<Double> times = new ArrayList<>();
    for (int run = 0; run <= runs; run++) {
      long start = System.nanoTime();
      String text =
          Jinja.render("{# run " + run + " #}" + source, "bench.j2", templar, Jinja.NO_TEMPLATES);
      times.add((System.nanoTime() - start) / 1e9);
      if (run == 0) {
        Files.writeString(Path.of(args[3]), text);
      }
    }
    double first = times.get(0);
    List<Double> rest = new ArrayList<>(times.subList(1, times.size()));
    Collections.sort(rest);
    int n = rest.size();
    double median = n % 2 == 1 ? rest.get(n / 2) : (rest.get(n / 2 - 1) + rest.get(n / 2)) / 2;
    System.out.printf("first %.4f%nmedian %.4f%n", first, median);
  }
}
