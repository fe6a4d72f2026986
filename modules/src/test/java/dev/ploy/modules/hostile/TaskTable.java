package dev.ploy.modules.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.util.List;

/**
 * A table of tasks given hostile values: run as one playbook in which every task ignores errors,
 * then checked row by row, so that one host serves a whole module family.
 */
final class TaskTable {
  /**
   * One task of the table: what it is given and how it must end. Lines of {@code task} after the
   * first are indented from the task's own column ({@code "\nbecome: false"} is a keyword of the
   * task). A null status only prints what was observed.
   */
  record Row(String name, String task, Status status, String message) {}

  /** The head of a play on every host that logs in as deploy and becomes root. */
  static final String DEPLOY_BECOMING_ROOT =
      """
      - hosts: all
        remote_user: deploy
        become: true
        gather_facts: false
        tasks:
      """;

  private TaskTable() {}

  static Row row(String name, String task, Status status) {
    return new Row(name, task, status, null);
  }

  static Row failed(String name, String task, String message) {
    return new Row(name, task, Status.FAILED, message);
  }

  /** {@code head} (the play, up to its {@code tasks:}) with each row as a task. */
  static String playbook(String head, List<Row> rows) {
    StringBuilder playbook = new StringBuilder(head);
    for (Row row : rows) {
      playbook
          .append("    - name: ")
          .append(row.name())
          .append("\n      ignore_errors: true\n      ")
          .append(row.task().replace("\n", "\n      "))
          .append('\n');
    }
    return playbook.toString();
  }

  /** Each row's task ended with its status, and its message holds the row's. */
  static void check(TestbedRun.Result run, List<Row> rows) {
    for (Row row : rows) {
      var result = run.task(row.name());
      if (row.status() == null) {
        System.out.println(
            "OBSERVED " + row.name() + ": " + result.status() + " " + result.message());
        continue;
      }
      assertThat(result.status()).as(row.name() + "\n" + run.console()).isEqualTo(row.status());
      if (row.message() != null) {
        assertThat(result.message()).as(row.name()).contains(row.message());
      }
    }
  }
}
