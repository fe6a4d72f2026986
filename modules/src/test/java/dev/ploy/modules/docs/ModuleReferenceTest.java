package dev.ploy.modules.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.ModuleDocs;
import dev.ploy.module.ModuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/modules.md is generated from the modules' declared arguments and must not go stale. */
class ModuleReferenceTest {

  @Test
  void docsModulesMdIsUpToDate() throws Exception {
    String generated = ModuleDocs.markdown(ModuleRegistry.load().modules());
    Path file = Path.of("..", "docs", "modules.md");
    if ("1".equals(System.getenv("PLOY_UPDATE_DOCS"))) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated);
    }
    assertThat(file)
        .as("docs/modules.md is stale: regenerate it with ./ploy doc --markdown > docs/modules.md")
        .exists();
    assertThat(Files.readString(file))
        .as("docs/modules.md is stale: regenerate it with ./ploy doc --markdown > docs/modules.md")
        .isEqualTo(generated);
  }
}
