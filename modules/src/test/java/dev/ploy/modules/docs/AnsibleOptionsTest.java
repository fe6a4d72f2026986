package dev.ploy.modules.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Module;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.ModuleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every option (and alias) ansible-core 2.14 documents for a module ploy has is declared by it:
 * honoured, or accepted and warned about. The options are recorded from ansible-doc into
 * ansible/options.txt by ansible/record-options.py beside it, so no Ansible is needed here.
 */
class AnsibleOptionsTest {

  /**
   * Modules whose missing Ansible options are not declared yet: a task setting one is rejected as
   * an unknown argument. Future work shrinks this list; nothing is added to it.
   */
  private static final Set<String> NOT_YET_COMPARED =
      Set.of(
          "apt_repository",
          "docker_compose",
          "docker_container",
          "docker_image",
          "openssl_csr",
          "openssl_privatekey",
          "timezone",
          "x509_certificate");

  @Test
  void everyDocumentedOptionIsDeclared() throws IOException {
    ModuleRegistry registry = ModuleRegistry.load();
    List<String> missing = new ArrayList<>();
    for (String line : recorded()) {
      List<String> words = List.of(line.trim().split(" +"));
      String module = words.get(0);
      if (NOT_YET_COMPARED.contains(module)) {
        continue;
      }
      ModuleSpec spec = registry.find(module).map(Module::spec).orElseThrow();
      for (String name : words.subList(1, words.size())) {
        if (!isPlaceholder(spec, name) && spec.arg(name).isEmpty()) {
          missing.add(module + ": " + name);
        }
      }
    }
    assertThat(missing)
        .as(
            "options ansible-doc documents that ploy neither declares nor marks notHonoured"
                + " (ModuleSpec.Builder#notHonoured)")
        .isEmpty();
  }

  @Test
  void theKnownGapNamesOnlyModulesThatHaveAGap() throws IOException {
    ModuleRegistry registry = ModuleRegistry.load();
    List<String> closed = new ArrayList<>(NOT_YET_COMPARED);
    for (String line : recorded()) {
      List<String> words = List.of(line.trim().split(" +"));
      ModuleSpec spec = registry.find(words.get(0)).map(Module::spec).orElseThrow();
      if (words.subList(1, words.size()).stream()
          .anyMatch(n -> spec.arg(n).isEmpty() && !isPlaceholder(spec, n))) {
        closed.remove(words.get(0));
      }
    }
    assertThat(closed).as("modules to take off NOT_YET_COMPARED: they have no gap").isEmpty();
  }

  /**
   * Names ansible-doc lists that no task sets: free_form is the text after the module's name, and
   * others stands for the file module's arguments.
   */
  private static boolean isPlaceholder(ModuleSpec spec, String name) {
    return (name.equals("free_form") && spec.freeForm().isPresent()) || name.equals("others");
  }

  private static List<String> recorded() throws IOException {
    try (InputStream in = AnsibleOptionsTest.class.getResourceAsStream("/ansible/options.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank())
          .toList();
    }
  }
}
