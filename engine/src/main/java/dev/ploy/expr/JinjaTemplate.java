package dev.ploy.expr;

import dev.ploy.expr.Stmt.Block;
import dev.ploy.expr.Stmt.Extends;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed template: its statements, the blocks it defines (by name, nested ones too) and the
 * {@code extends} tag naming its base template, or null.
 */
record JinjaTemplate(String name, List<Stmt> body, Map<String, Block> blocks, Extends parent) {
  static JinjaTemplate of(String name, List<Stmt> body) {
    Map<String, Block> blocks = new LinkedHashMap<>();
    collect(body, blocks);
    Extends parent = null;
    for (Stmt s : body) {
      if (s instanceof Extends e) {
        parent = e;
        break;
      }
    }
    return new JinjaTemplate(name, body, Map.copyOf(blocks), parent);
  }

  private static void collect(List<Stmt> body, Map<String, Block> blocks) {
    for (Stmt s : body) {
      if (s instanceof Block b) {
        blocks.put(b.name(), b);
        collect(b.body(), blocks);
      } else if (s instanceof Stmt.If i) {
        i.branches().forEach(br -> collect(br.body(), blocks));
        collect(i.otherwise(), blocks);
      } else if (s instanceof Stmt.For f) {
        collect(f.body(), blocks);
      }
    }
  }
}
