package dev.ploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.run.HostStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReporterTest {
  /** As ansible.posix.json prints (json.dumps indent=4, sort_keys=True, ensure_ascii=True). */
  @Test
  void keysAreSortedAndTextBeyondAsciiEscapedAsAnsiblesJsonCallback() {
    JsonReporter reporter = new JsonReporter();
    reporter.recap(Map.of("hé", new HostStats()));
    reporter.interrupted("SIGINT", Map.of("hé", "wait"));
    assertThat(reporter.toJson())
        .isEqualTo(
            """
            {
                "interrupted": {
                    "by": "SIGINT",
                    "hosts": {
                        "h\\u00e9": "wait"
                    }
                },
                "plays": [],
                "stats": {
                    "h\\u00e9": {
                        "changed": 0,
                        "failures": 0,
                        "ignored": 0,
                        "ok": 0,
                        "rescued": 0,
                        "skipped": 0,
                        "unreachable": 0
                    }
                }
            }""");
  }
}
