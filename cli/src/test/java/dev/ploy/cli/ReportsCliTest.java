package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** --output junit[=FILE] and --report FILE.html on a real run (local hosts and one unreachable). */
class ReportsCliTest {
  /** The JUnit schema Jenkins reads, kept with the engine's tests (see its header). */
  private static final Path XSD = Path.of("../engine/src/test/resources/report/junit-10.xsd");

  @TempDir Path base;

  private PloyRun run(String... options) throws Exception {
    Path inventory = base.resolve("hosts.ini");
    Files.writeString(
        inventory,
        "web1 ansible_connection=local\nweb2 ansible_connection=local\n"
            + "down ansible_connection=ssh ansible_host=127.0.0.1 ansible_port=1"
            + " ansible_ssh_common_args='-o StrictHostKeyChecking=no'\n");
    Path playbook = Path.of(ReportsCliTest.class.getResource("/cli/report.yml").toURI());
    List<String> args =
        new java.util.ArrayList<>(
            List.of("-i", inventory.toString(), "-e", "dir=" + base, "--diff"));
    args.addAll(List.of(options));
    args.add(playbook.toString());
    return PloyRun.of(args.toArray(String[]::new));
  }

  private static void assertValidJunit(String xml) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory
        .newSchema(XSD.toFile())
        .newValidator()
        .validate(new StreamSource(new StringReader(xml)));
  }

  @Test
  void junitToAFileKeepsTheConsoleAndIsValidForCiServers() throws Exception {
    Path file = base.resolve("junit.xml");
    PloyRun run = run("--output", "junit=" + file);
    assertThat(run.out()).contains("PLAY RECAP").contains("fatal: [web2]: FAILED!");
    String xml = Files.readString(file);
    assertValidJunit(xml);
    assertThat(xml).doesNotContain("s3cret-in-report");
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(xml)));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("report");
    // web1 and web2: six tasks each; down: unreachable at the first
    assertThat(suite.getAttribute("tests")).isEqualTo("13");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("2");
    NodeList failures = doc.getElementsByTagName("failure");
    Element failure = (Element) failures.item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("web2 <fails> & \"quotes\"");
    assertThat(((Element) failure.getParentNode()).getAttribute("name"))
        .isEqualTo("[web2] report <demo>: fails on web2");
    assertThat(((Element) failure.getParentNode()).getAttribute("classname"))
        .matches(".*report\\.yml:\\d+");
  }

  /** Each testcase's name, its task's file name:line and its outcome (pass, failure...). */
  private static java.util.Map<String, String> outcomes(Document doc) {
    java.util.Map<String, String> outcomes = new java.util.TreeMap<>();
    NodeList cases = doc.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element testcase = (Element) cases.item(i);
      String outcome = "pass";
      for (String kind : List.of("failure", "error", "skipped")) {
        if (testcase.getElementsByTagName(kind).getLength() > 0) {
          outcome = kind;
        }
      }
      String where = Path.of(testcase.getAttribute("classname")).getFileName().toString();
      outcomes.put(testcase.getAttribute("name"), where + " " + outcome);
    }
    return outcomes;
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
  }

  @Test
  void testcasesAreNamedPlacedAndJudgedAsAnsiblesJunitCallbackDoes() throws Exception {
    Path file = base.resolve("junit.xml");
    run("--output", "junit=" + file);
    Document ansible =
        parse(
            Files.readString(
                Path.of(
                    ReportsCliTest.class.getResource("/cli/report.ansible-junit.xml").toURI())));
    java.util.Map<String, String> expected = outcomes(ansible);
    // the callback leaves unreachable hosts out; ploy reports them as errors, as CI servers show
    expected.put("[down] report <demo>: write a file", "report.yml:7 error");
    assertThat(outcomes(parse(Files.readString(file)))).isEqualTo(expected);
  }

  @Test
  void jsonToAFileKeepsTheConsole() throws Exception {
    Path file = base.resolve("report.json");
    PloyRun run = run("--output", "json=" + file);
    assertThat(run.out()).contains("PLAY RECAP");
    assertThat(Files.readString(file)).startsWith("{").contains("\"stats\"");
  }

  @Test
  void junitWithoutAFileReplacesTheConsoleOutput() throws Exception {
    PloyRun run = run("--output", "junit");
    assertThat(run.out()).startsWith("<?xml").doesNotContain("PLAY RECAP");
    assertValidJunit(run.out());
  }

  @Test
  void anUnknownFormatIsAUsageError() throws Exception {
    PloyRun run = run("--output", "xml");
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err()).contains("--output takes json or junit");
  }

  @Test
  void theHtmlReportHoldsTheGridDiffsAndErrorsButNothingNoLogHides() throws Exception {
    Path html = base.resolve("report.html");
    PloyRun run = run("--report", html.toString());
    assertThat(run.out()).contains("PLAY RECAP");
    String page = Files.readString(html);
    assertThat(page)
        .contains("<table class=\"grid\" id=\"grid\">")
        .contains("<th class=\"h\">web1</th>")
        .contains("<th class=\"h unreachable\">down</th>")
        .contains("<th class=\"h failed\">web2</th>")
        .contains("web2 &lt;fails&gt; &amp; &quot;quotes&quot;")
        .contains("<span class=\"add\">+hello &lt;b&gt;web1&lt;/b&gt;</span>")
        .contains("title=\"down \u00b7 1. write a file: unreachable")
        .doesNotContain("s3cret-in-report")
        .doesNotContainPattern("(?i)<script|<link|<img|src=|@import|url\\(");
  }
}
