package dev.ploy.modules.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {
  @Test
  void portsReadAsDockerStoresThem() throws Exception {
    assertThat(ContainerConfig.Port.parse("8080:80"))
        .isEqualTo(new ContainerConfig.Port("80/tcp", "", "8080"));
    assertThat(ContainerConfig.Port.parse("0.0.0.0:8080:80"))
        .isEqualTo(new ContainerConfig.Port("80/tcp", "", "8080"));
    assertThat(ContainerConfig.Port.parse("127.0.0.1::53/udp"))
        .isEqualTo(new ContainerConfig.Port("53/udp", "127.0.0.1", ""));
    assertThat(ContainerConfig.Port.parse("80"))
        .isEqualTo(new ContainerConfig.Port("80/tcp", "", ""));
    assertThat(ContainerConfig.Port.parse("127.0.0.1:8080:80").toString())
        .isEqualTo("127.0.0.1:8080:80/tcp");
    assertThatThrownBy(() -> ContainerConfig.Port.parse("8000-8010:80"))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("ranges are not supported");
  }

  @Test
  void volumesAreBindsNamedOrAnonymous() throws Exception {
    assertThat(ContainerConfig.Volume.parse("/srv/www:/www:ro"))
        .isEqualTo(new ContainerConfig.Volume("/srv/www", "/www", "ro"));
    assertThat(ContainerConfig.Volume.parse("data:/var/lib/data"))
        .isEqualTo(new ContainerConfig.Volume("data", "/var/lib/data", "rw"));
    assertThat(ContainerConfig.Volume.parse("/cache").anonymous()).isTrue();
    assertThatThrownBy(() -> ContainerConfig.Volume.parse("www"))
        .hasMessageContaining("SOURCE:/PATH");
  }

  @Test
  void imageReferencesAndComposeNames() {
    assertThat(DockerImage.reference("site", "1")).isEqualTo("site:1");
    assertThat(DockerImage.reference("site:2", "1")).isEqualTo("site:2");
    assertThat(DockerImage.reference("registry:5000/team/site", "1"))
        .isEqualTo("registry:5000/team/site:1");
    assertThat(Docker.withTag("httpd")).isEqualTo("httpd:latest");
    assertThat(Docker.withTag("localhost:5000/httpd")).isEqualTo("localhost:5000/httpd:latest");
    assertThat(ComposeProject.defaultName("/srv/OC-Pizza.app")).isEqualTo("oc-pizzaapp");
  }

  @Test
  void composeContainersAreReadFromInspectLines() {
    assertThat(
            ComposeProject.containers(
                List.of("app 16bd8899 running /stack_app_1", "db 77aa exited /stack_db_1", "")))
        .containsExactly(
            new ComposeProject.Container("app", "16bd8899", "running", "stack_app_1"),
            new ComposeProject.Container("db", "77aa", "exited", "stack_db_1"));
  }

  @Test
  void onlyStatedSettingsAreCompared() throws Exception {
    Map<String, Object> container =
        Map.of(
            "Config",
            Map.of(
                "Env", List.of("PATH=/bin", "GREETING=hello"),
                "Labels", Map.of("maintainer", "ops", "tier", "web"),
                "Cmd", List.of("httpd", "-f")),
            "HostConfig",
            Map.of(
                "PortBindings",
                Map.of("80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8080"))),
                "RestartPolicy",
                Map.of("Name", "", "MaximumRetryCount", 0)));
    assertThat(config(Map.of()).differences("c", container, Optional.empty())).isEmpty();

    Map<String, Object> image = Map.of("Config", Map.of("Env", List.of("PATH=/bin")));
    ContainerConfig same =
        config(
            Map.of(
                "command", "httpd -f",
                "env", Map.of("GREETING", "hello"),
                "published_ports", List.of("8080:80"),
                "restart_policy", "no",
                "labels", Map.of("tier", "web")));
    assertThat(same.differences("c", container, Optional.of(image))).isEmpty();

    ContainerConfig other =
        config(
            Map.of(
                "command", List.of("httpd"),
                "env", Map.of("GREETING", "bonjour"),
                "ports", List.of("9090:80"),
                "restart_policy", "always"));
    assertThat(other.differences("c", container, Optional.of(image)))
        .extracting(d -> d.before() + "-> " + d.after())
        .containsExactlyInAnyOrder(
            "command: [httpd, -f]\n-> command: [httpd]\n",
            "env GREETING: hello\n-> env GREETING: bonjour\n",
            "published_ports: [8080:80/tcp]\n-> published_ports: [9090:80/tcp]\n",
            "restart_policy: no\n-> restart_policy: always\n");
  }

  private static ContainerConfig config(Map<String, Object> args) throws Exception {
    Map<String, Object> raw = new java.util.HashMap<>(args);
    raw.put("name", "c");
    return ContainerConfig.of(Args.bind(new DockerContainer().spec(), raw));
  }
}
