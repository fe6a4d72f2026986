package dev.ploy.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.ExecutorActions.Kind;
import dev.ploy.module.ExecutorActions.Meta;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExecutorActionsTest {
  @Test
  void everyKindIsDeclaredUnderItsOwnName() {
    assertThat(ExecutorActions.all())
        .extracting(action -> action.kind().actionName())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Kind.values()).map(Kind::actionName).toList());
    for (ExecutorActions.Action action : ExecutorActions.all()) {
      assertThat(action.name()).isEqualTo(action.kind().actionName());
    }
  }

  @Test
  void aKindIsFoundWithOrWithoutItsCollection() {
    assertThat(Kind.of("ansible.builtin.include_role")).contains(Kind.INCLUDE_ROLE);
    assertThat(Kind.of("set_fact")).contains(Kind.SET_FACT);
    assertThat(Kind.of("copy")).isEmpty();
    assertThat(Kind.INCLUDE_TASKS.is("ansible.legacy.include_tasks")).isTrue();
  }

  @Test
  void metaTakesTheWordsItsSpecDeclares() {
    assertThat(ExecutorActions.find("meta").orElseThrow().spec().description())
        .contains(String.join(", ", ExecutorActions.META_ACTIONS));
    assertThat(Meta.of("flush_handlers")).contains(Meta.FLUSH_HANDLERS);
    assertThat(Meta.of("end_everything")).isEmpty();
    assertThat(Meta.of(null)).isEmpty();
  }
}
