package dev.ploy.template;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.ploy.expr.Templar;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders ploy templates: Mustache structure (sections, inverted sections, partials, comments)
 * where every other tag is a ploy expression, rendered without HTML escaping.
 */
public final class TemplateRenderer {
  private final PartialResolver partials;

  public TemplateRenderer(PartialResolver partials) {
    this.partials = Objects.requireNonNull(partials, "partials");
  }

  public String render(String source, String templateName, Templar templar)
      throws TemplateException {
    Tags tags = new Tags();
    String mustacheSource = TagRewriter.rewrite(source, templateName, tags);
    Factory factory = new Factory(partials, tags);
    factory.setObjectHandler(new ExpressionObjectHandler(templar, tags));
    try {
      Mustache mustache = factory.compile(new StringReader(mustacheSource), templateName);
      StringWriter out = new StringWriter();
      List<Object> scopes = new ArrayList<>();
      scopes.add(ExpressionObjectHandler.ROOT);
      mustache.execute(out, scopes).flush();
      return out.toString();
    } catch (IOException e) {
      throw new TemplateException(templateName + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw translate(e, templateName);
    }
  }

  private static TemplateException translate(RuntimeException e, String templateName) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ExpressionObjectHandler.Failure f) {
        return f.error;
      }
      if (t instanceof UncheckedIOException io) {
        return new TemplateException(templateName + ": " + io.getCause().getMessage(), io);
      }
    }
    return new TemplateException(templateName + ": " + e.getMessage(), e);
  }

  /** One per render: partials come from the resolver and are rewritten like the template. */
  private static final class Factory extends DefaultMustacheFactory {
    private final PartialResolver partials;
    private final Tags tags;

    Factory(PartialResolver partials, Tags tags) {
      this.partials = partials;
      this.tags = tags;
    }

    @Override
    public String resolvePartialPath(String dir, String name, String extension) {
      return name;
    }

    @Override
    public Reader getReader(String name) {
      Optional<String> text;
      try {
        text = partials.read(name);
      } catch (IOException e) {
        throw new ExpressionObjectHandler.Failure(
            new TemplateException(
                tags.partialSite(name) + ": cannot read partial '" + name + "': " + e.getMessage(),
                e));
      }
      if (text.isEmpty()) {
        throw new ExpressionObjectHandler.Failure(
            new TemplateException(tags.partialSite(name) + ": partial '" + name + "' not found"));
      }
      try {
        return new StringReader(TagRewriter.rewrite(text.get(), name, tags));
      } catch (TemplateException e) {
        throw new ExpressionObjectHandler.Failure(e);
      }
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
