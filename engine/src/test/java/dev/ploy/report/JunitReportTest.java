package dev.ploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.diff.Diff;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.TaskResult;
import java.io.StringReader;
import java.net.URL;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JunitReportTest {
  /** Validates against the JUnit schema Jenkins reads (test resource report/junit-10.xsd). */
  static void assertValidJunit(String xml) throws Exception {
    URL xsd = JunitReportTest.class.getResource("/report/junit-10.xsd");
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.newSchema(xsd).newValidator().validate(new StreamSource(new StringReader(xml)));
  }

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)));
  }

  @Test
  void eachHostAndTaskIsATestcaseAndOnlyFailuresUnreachablesAndSkipsAreMarked() throws Exception {
    Runs.FakeClock clock = new Runs.FakeClock();
    RunRecord record = Runs.record(clock);
    List<String> hosts = List.of("web1", "web2", "db1");
    record.playbookStart(Runs.playbook());
    record.playStart(Runs.play("deploy <site>"), hosts);
    Task copy = Runs.task("write the \"config\"", "copy", 4);
    record.taskStart(copy.displayName(), copy, false, hosts);
    clock.advance(0.25);
    record.hostResult("web1", copy, Runs.changed(new Diff("/etc/a", "", "x\n")));
    record.hostResult("web2", copy, Runs.ok());
    record.hostResult("db1", copy, TaskResult.unreachable("ssh: connect refused"));
    Task check = Runs.task("check", "command", 9);
    record.taskStart(check.displayName(), check, false, List.of("web1", "web2"));
    clock.advance(1.5);
    // a control character and markup in a message must not break the XML
    record.hostResult("web1", check, TaskResult.failed("bad <thing> & \u0001 \"quoted\"\nline 2"));
    record.hostResult("web2", check, TaskResult.failed("ignored").withIgnored());
    Task later = Runs.task("later", "debug", 12);
    record.taskStart(later.displayName(), later, false, List.of("web2"));
    record.hostResult("web2", later, TaskResult.skipped("Conditional result was False"));
    record.recap(Map.of("web1", new HostStats()));

    String xml = JunitReport.render(record.snapshot());

    assertValidJunit(xml);
    Document doc = parse(xml);
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("site");
    assertThat(suite.getAttribute("tests")).isEqualTo("6");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(6);
    Element first = (Element) cases.item(0);
    assertThat(first.getAttribute("name")).isEqualTo("[web1] deploy <site>: write the \"config\"");
    assertThat(first.getAttribute("classname")).isEqualTo("site.yml:4");
    assertThat(first.getAttribute("time")).isEqualTo("0.250");
    assertThat(first.getElementsByTagName("system-out").getLength()).isEqualTo(1);
    Element unreachable = (Element) cases.item(2);
    assertThat(
            ((Element) unreachable.getElementsByTagName("error").item(0)).getAttribute("message"))
        .isEqualTo("ssh: connect refused");
    Element failed = (Element) cases.item(3);
    assertThat(failed.getAttribute("time")).isEqualTo("1.500");
    Element failure = (Element) failed.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("bad <thing> &  \"quoted\"\nline 2");
    assertThat(failure.getAttribute("type")).isEqualTo("failure");
    Element ignored = (Element) cases.item(4);
    assertThat(ignored.getElementsByTagName("failure").getLength()).isZero();
    Element skipped = (Element) cases.item(5);
    assertThat(((Element) skipped.getElementsByTagName("skipped").item(0)).getAttribute("message"))
        .isEqualTo("Conditional result was False");
  }

  @Test
  void aRunWithNoTaskIsStillAValidReport() throws Exception {
    RunRecord record = Runs.record(new Runs.FakeClock());
    assertValidJunit(JunitReport.render(record.snapshot()));
  }
}
