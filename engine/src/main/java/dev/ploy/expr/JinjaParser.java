package dev.ploy.expr;

import dev.ploy.expr.JinjaLexer.Piece;
import dev.ploy.expr.Stmt.Block;
import dev.ploy.expr.Stmt.Branch;
import dev.ploy.expr.Stmt.CallBlock;
import dev.ploy.expr.Stmt.Extends;
import dev.ploy.expr.Stmt.FilterBlock;
import dev.ploy.expr.Stmt.For;
import dev.ploy.expr.Stmt.If;
import dev.ploy.expr.Stmt.Import;
import dev.ploy.expr.Stmt.Include;
import dev.ploy.expr.Stmt.Macro;
import dev.ploy.expr.Stmt.Output;
import dev.ploy.expr.Stmt.Param;
import dev.ploy.expr.Stmt.SetBlock;
import dev.ploy.expr.Stmt.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the statements of a template from its pieces. Expressions inside tags are parsed by the
 * one expression {@link Parser}, the one {@code when:} and task arguments use.
 */
final class JinjaParser {
  /** The local a filter block or block set applies its filters to. */
  static final String BODY = "__jinja_body__";

  private final List<Piece> pieces;
  private final String name;
  private int p;
  private Piece current;

  private JinjaParser(List<Piece> pieces, String name) {
    this.pieces = pieces;
    this.name = name;
  }

  static List<Stmt> parse(List<Piece> pieces, String name) throws ExprException {
    JinjaParser parser = new JinjaParser(pieces, name);
    Body body = parser.body(List.of());
    return body.stmts();
  }

  /** Statements up to one of {@code ends}; {@code end} is the tag that closed them. */
  private record Body(List<Stmt> stmts, String end, Parser rest) {}

  private Body body(List<String> ends) throws ExprException {
    List<Stmt> out = new ArrayList<>();
    int opened = current == null ? 1 : current.line();
    while (p < pieces.size()) {
      Piece piece = pieces.get(p++);
      current = piece;
      switch (piece.kind()) {
        case TEXT -> out.add(new Text(piece.text(), piece.line()));
        case OUTPUT -> {
          String source = piece.text().strip();
          if (source.isEmpty()) {
            throw error("expected an expression inside '{{ }}'");
          }
          out.add(new Output(expression(source), source, piece.line()));
        }
        case TAG -> {
          Parser tag = statement(piece.text());
          String word = tag.expectName("a statement name after '{%'");
          if (ends.contains(word)) {
            return new Body(out, word, tag);
          }
          try {
            out.add(statement(word, tag));
          } catch (TemplateError e) {
            throw e;
          } catch (ExprException e) {
            throw error(e.detail());
          }
        }
      }
    }
    if (!ends.isEmpty()) {
      throw new TemplateError(
          name,
          opened,
          0,
          "unexpected end of template: the block opened here needs '{% "
              + ends.get(ends.size() - 1)
              + " %}\'");
    }
    return new Body(out, null, null);
  }

  private Stmt statement(String word, Parser tag) throws ExprException {
    int line = current.line();
    return switch (word) {
      case "if" -> ifStatement(tag, line);
      case "for" -> forStatement(tag, line);
      case "set" -> setStatement(tag, line);
      case "filter" -> {
        String source = rest(tag);
        Node filter = expression(BODY + " | " + source);
        List<Stmt> body = body(List.of("endfilter")).stmts();
        yield new FilterBlock(filter, body, source, line);
      }
      case "macro" -> {
        String macro = tag.expectName("the macro's name");
        List<Param> params = params(tag);
        end(tag);
        yield new Macro(macro, params, body(List.of("endmacro")).stmts(), line);
      }
      case "call" -> {
        List<Param> params = tag.peek().isOp("(") ? params(tag) : List.of();
        String source = rest(tag);
        Node call = expression(source);
        if (!(call instanceof Node.Call)) {
          throw error("'call' needs a macro call, such as {% call list(items) %}");
        }
        yield new CallBlock(params, call, body(List.of("endcall")).stmts(), source, line);
      }
      case "include" -> {
        Node template = tag.expression();
        boolean ignoreMissing = false;
        if (tag.acceptName("ignore")) {
          if (!tag.acceptName("missing")) {
            throw error("expected 'missing' after 'ignore'");
          }
          ignoreMissing = true;
        }
        boolean withContext = context(tag, true);
        end(tag);
        yield new Include(template, ignoreMissing, withContext, line);
      }
      case "import" -> {
        Node template = tag.withoutConditional();
        if (!tag.acceptName("as")) {
          throw error("expected 'as NAME' after the imported template");
        }
        String alias = tag.expectName("a name after 'as'");
        boolean withContext = context(tag, false);
        end(tag);
        yield new Import(template, alias, Map.of(), withContext, line);
      }
      case "from" -> {
        Node template = tag.withoutConditional();
        if (!tag.acceptName("import")) {
          throw error("expected 'import' in {% from ... import ... %}");
        }
        Map<String, String> names = new LinkedHashMap<>();
        do {
          if (tag.peek().isName("with") || tag.peek().isName("without")) {
            break;
          }
          String imported = tag.expectName("a name to import");
          names.put(
              tag.acceptName("as") ? tag.expectName("a name after 'as'") : imported, imported);
        } while (tag.acceptOp(","));
        boolean withContext = context(tag, false);
        end(tag);
        yield new Import(template, null, names, withContext, line);
      }
      case "extends" -> {
        Node template = tag.expression();
        end(tag);
        yield new Extends(template, line);
      }
      case "block" -> {
        String block = tag.expectName("the block's name");
        boolean scoped = tag.acceptName("scoped");
        tag.acceptName("required");
        end(tag);
        Body body = body(List.of("endblock"));
        if (!body.rest().atEnd() && !body.rest().acceptName(block)) {
          throw error("'endblock' names another block than '" + block + "'");
        }
        yield new Block(block, body.stmts(), scoped, line);
      }
      case "raw", "endraw" -> throw error("unbalanced '" + word + "'");
      case "break", "continue", "do" ->
          throw error(
              "Encountered unknown tag '"
                  + word
                  + "': Ansible does not enable Jinja's loop controls or 'do' extension");
      default -> {
        if (word.startsWith("end") || word.equals("elif") || word.equals("else")) {
          throw error("unexpected '" + word + "': no open block to end here");
        }
        throw error("Encountered unknown tag '" + word + "'");
      }
    };
  }

  private Stmt ifStatement(Parser tag, int line) throws ExprException {
    List<Branch> branches = new ArrayList<>();
    Node test = tag.expression();
    String source = current.text();
    end(tag);
    while (true) {
      Body body = body(List.of("elif", "else", "endif"));
      branches.add(new Branch(test, source, body.stmts()));
      switch (body.end()) {
        case "elif" -> {
          test = body.rest().expression();
          source = current.text();
          end(body.rest());
        }
        case "else" -> {
          end(body.rest());
          List<Stmt> otherwise = body(List.of("endif")).stmts();
          return new If(branches, otherwise, line);
        }
        default -> {
          return new If(branches, List.of(), line);
        }
      }
    }
  }

  private Stmt forStatement(Parser tag, int line) throws ExprException {
    List<String> targets = targets(tag);
    if (!tag.acceptName("in")) {
      throw error("expected 'in' in the for loop");
    }
    Node iterable = tag.withoutConditional();
    Node filter = tag.acceptName("if") ? tag.withoutConditional() : null;
    boolean recursive = tag.acceptName("recursive");
    end(tag);
    String source = current.text().strip();
    Body body = body(List.of("else", "endfor"));
    List<Stmt> otherwise = List.of();
    if (body.end().equals("else")) {
      end(body.rest());
      otherwise = body(List.of("endfor")).stmts();
    }
    return new For(targets, iterable, filter, recursive, body.stmts(), otherwise, source, line);
  }

  private Stmt setStatement(Parser tag, int line) throws ExprException {
    String first = tag.expectName("a variable name after 'set'");
    if (tag.acceptOp(".")) {
      String attr = tag.expectName("an attribute name");
      tag.expectOp("=");
      Node value = tag.expression();
      end(tag);
      return new Stmt.Set(List.of(first), attr, value, current.text().strip(), line);
    }
    List<String> targets = new ArrayList<>(List.of(first));
    while (tag.acceptOp(",")) {
      targets.add(tag.expectName("a variable name"));
    }
    if (tag.acceptOp("=")) {
      Node value = tag.expression();
      if (tag.peek().isOp(",")) { // set a, b = 1, 2: the value is a tuple
        List<Node> items = new ArrayList<>(List.of(value));
        while (tag.acceptOp(",") && !tag.atEnd()) {
          items.add(tag.expression());
        }
        value = new Node.ListExpr(items, value.pos());
      }
      end(tag);
      return new Stmt.Set(targets, null, value, current.text().strip(), line);
    }
    if (targets.size() > 1) {
      throw error("a block set assigns one variable");
    }
    Node filter = null;
    if (tag.peek().isOp("|")) {
      filter = expression(BODY + " " + rest(tag));
    } else {
      end(tag);
    }
    return new SetBlock(first, filter, body(List.of("endset")).stmts(), line);
  }

  private List<String> targets(Parser tag) throws ExprException {
    boolean parens = tag.acceptOp("(");
    List<String> targets = new ArrayList<>();
    do {
      if (parens && tag.peek().isOp(")")) {
        break;
      }
      targets.add(tag.expectName("a loop variable name"));
    } while (tag.acceptOp(","));
    if (parens) {
      tag.expectOp(")");
    }
    return targets;
  }

  private List<Param> params(Parser tag) throws ExprException {
    List<Param> params = new ArrayList<>();
    tag.expectOp("(");
    while (!tag.peek().isOp(")")) {
      String param = tag.expectName("a parameter name");
      Node fallback = tag.acceptOp("=") ? tag.expression() : null;
      params.add(new Param(param, fallback));
      if (!tag.acceptOp(",")) {
        break;
      }
    }
    tag.expectOp(")");
    return params;
  }

  private boolean context(Parser tag, boolean dflt) throws ExprException {
    if (tag.acceptName("with")) {
      if (!tag.acceptName("context")) {
        throw error("expected 'context' after 'with'");
      }
      return true;
    }
    if (tag.acceptName("without")) {
      if (!tag.acceptName("context")) {
        throw error("expected 'context' after 'without'");
      }
      return false;
    }
    return dflt;
  }

  /** The source of the tag after what has been read. */
  private String rest(Parser tag) {
    String text = current.text();
    return text.substring(tag.peek().pos()).strip();
  }

  private void end(Parser tag) throws ExprException {
    if (!tag.atEnd()) {
      throw error("unexpected '" + tag.peek().text() + "' at the end of the tag");
    }
  }

  private Parser statement(String text) throws ExprException {
    try {
      return Parser.over(text);
    } catch (ExprException e) {
      throw error(e.detail());
    }
  }

  private Node expression(String source) throws ExprException {
    try {
      return Parser.parse(source);
    } catch (ExprException e) {
      throw error(e.detail());
    }
  }

  private TemplateError error(String message) {
    return new TemplateError(name, current.line(), current.column(), message);
  }
}
