package dev.ploy.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Free-form arguments read as ansible-core 2.14's parse_kv reads them. */
class FreeFormArgsTest {
  @Test
  void commandOptionsAreTakenWhereverTheyStand() {
    assertThat(FreeFormArgs.parse("touch x creates=x", true, "cmd"))
        .containsEntry("creates", "x")
        .containsEntry("cmd", "touch x")
        .hasSize(2);
    assertThat(FreeFormArgs.parse("pwd chdir=/tmp", true, "cmd"))
        .containsEntry("chdir", "/tmp")
        .containsEntry("cmd", "pwd");
    assertThat(FreeFormArgs.parse("echo 'a  b' x=y removes=\"/no where\"", true, "cmd"))
        .containsEntry("removes", "/no where")
        .containsEntry("cmd", "echo 'a  b' x=y");
  }

  @Test
  void otherWordsOfACommandStayAsWritten() {
    // a k=v that is no option of command is part of the command, escapes and quotes kept
    assertThat(FreeFormArgs.parse("printf 'a\\nb' name=\"x y\"", true, "cmd"))
        .containsOnlyKeys("cmd")
        .containsEntry("cmd", "printf 'a\\nb' name=\"x y\"");
    assertThat(FreeFormArgs.parse("echo {{ a == b }} creates=/x", true, "cmd"))
        .containsEntry("cmd", "echo {{ a == b }}");
  }

  @Test
  void valuesHaveTheirEscapesDecodedAndOneLevelOfQuotesRemoved() {
    assertThat(FreeFormArgs.parse("dest=f content=\"a\\nb\\tc\"", false, null))
        .containsEntry("dest", "f")
        .containsEntry("content", "a\nb\tc");
    assertThat(FreeFormArgs.parse("msg='it''s' x=\\u00e9\\x41", false, null))
        .containsEntry("msg", "it''s")
        .containsEntry("x", "éA");
    assertThat(FreeFormArgs.parse("msg=\"say \\\"hi\\\"\"", false, null))
        .containsEntry("msg", "say \"hi\"");
    assertThat(FreeFormArgs.parse("msg={{ a == 1 }}", false, null))
        .containsEntry("msg", "{{ a == 1 }}");
  }

  @Test
  void aBackReferenceIsNoOctalEscape() {
    // replace: regexp='\\b(.+)\\b' replace='"\1"' (ansible-core's replace target)
    assertThat(FreeFormArgs.parse("regexp='\\\\b(.+)\\\\b' replace='\"\\1\"'", false, null))
        .containsEntry("regexp", "\\b(.+)\\b")
        .containsEntry("replace", "\"\\1\"");
    assertThat(FreeFormArgs.parse("x=\\0\\101", false, null)).containsEntry("x", "\\0\\101");
  }

  @Test
  void wordsWithoutKeyAreAProblemForModulesWithoutFreeForm() {
    assertThat(FreeFormArgs.parse("name=nginx latest", false, null).get(""))
        .asString()
        .contains("cannot read: latest");
    assertThat(FreeFormArgs.parse("flush_handlers", false, "_raw_params"))
        .containsEntry("_raw_params", "flush_handlers");
    assertThat(FreeFormArgs.parse("file=other.yml", false, "file"))
        .containsEntry("file", "other.yml");
  }

  @Test
  void aMultiLineCommandKeepsItsLinesAndJoinsThoseEndingInABackslash() {
    // ansible-core's command_shell target: a literal block for shell, as ansible-playbook 2.14
    // registers its cmd
    String block =
        "echo this is a \\\n"
            + "\"multiline echo\" \\\n"
            + "\"with a new line\n"
            + "in quotes\" \\\n"
            + "| python3 -c 'import sys'\n"
            + "echo \"this is a second line\"\n";
    assertThat(FreeFormArgs.parse(block, true, "cmd"))
        .containsOnlyKeys("cmd")
        .containsEntry(
            "cmd",
            "echo this is a \"multiline echo\" \"with a new line\nin quotes\" | python3 -c"
                + " 'import sys'\necho \"this is a second line\"\n");
    assertThat(FreeFormArgs.parse("cat <<EOF\nOne\n  Two\nEOF\n", true, "cmd"))
        .containsEntry("cmd", "cat <<EOF\nOne\n  Two\nEOF\n");
    assertThat(FreeFormArgs.parse("executable=/bin/bash\ncreates=/x\necho \"test\"\n", true, "cmd"))
        .containsEntry("executable", "/bin/bash")
        .containsEntry("creates", "/x")
        .containsEntry("cmd", "echo \"test\"\n");
  }
}
