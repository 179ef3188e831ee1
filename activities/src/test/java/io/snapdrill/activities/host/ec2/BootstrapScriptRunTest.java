package io.snapdrill.activities.host.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rendered bootstrap script for real, inside a scratch root, with every command that would
 * download or change the machine replaced by a fake that records its arguments. PATH holds only the
 * fakes and a few harmless tools, so a command the script gains later fails here instead of running.
 */
class BootstrapScriptRunTest {
  private static final List<String> HARMLESS_TOOLS = List.of("mkdir", "tee", "date", "awk", "cat", "rm", "dirname", "chmod");
  private static final Map<String, String> FAKES = Map.of(
      "curl", "echo \"curl $*\" >> \"$CALLS\"; while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then : > \"$2\"; fi; shift; done",
      "sha512sum", "echo \"sha512sum $*\" >> \"$CALLS\"",
      "tar", "echo \"tar $*\" >> \"$CALLS\"; dir=''; while [ $# -gt 0 ]; do if [ \"$1\" = -C ]; then dir=\"$2\"; fi; shift; done\n"
          + "mkdir -p \"$dir/bin\" \"$dir/config\"\n"
          + "for p in elasticsearch-plugin opensearch-plugin; do printf '#!/bin/bash\\necho \"plugin $*\" >> \"$CALLS\"\\n' > \"$dir/bin/$p\"; chmod +x \"$dir/bin/$p\"; done",
      "uname", "echo \"$FAKE_ARCH\"",
      "id", "exit 1",
      "useradd", "echo \"useradd $*\" >> \"$CALLS\"",
      "chown", "echo \"chown $*\" >> \"$CALLS\"",
      "sysctl", "echo \"sysctl $*\" >> \"$CALLS\"",
      "systemctl", "echo \"systemctl $*\" >> \"$CALLS\"");

  record Run(Path root, String calls, String config, String unit, String log) {}

  private static Run run(Path dir, String script, String arch, long memTotalKb) throws IOException, InterruptedException {
    Path fakes = Files.createDirectories(dir.resolve("fakes"));
    for (Map.Entry<String, String> fake : FAKES.entrySet()) {
      Path file = fakes.resolve(fake.getKey());
      Files.writeString(file, "#!/bin/bash\n" + fake.getValue() + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : HARMLESS_TOOLS) {
      Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
          .findFirst().orElseThrow(() -> new IllegalStateException(tool + " is not installed"));
      Files.createSymbolicLink(tools.resolve(tool), real);
    }
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/meminfo"),
        "MemTotal:       " + memTotalKb + " kB\nMemFree:         1000000 kB\nMemAvailable:    2000000 kB\n");
    Path calls = dir.resolve("calls.txt");
    Files.writeString(calls, "");
    Path scriptFile = dir.resolve("user-data.sh");
    Files.writeString(scriptFile, script);

    ProcessBuilder bash = new ProcessBuilder("/bin/bash", scriptFile.toString()).redirectErrorStream(true);
    bash.environment().clear();
    bash.environment().putAll(Map.of("PATH", fakes + ":" + tools, "SNAPDRILL_ROOT", root.toString(),
        "CALLS", calls.toString(), "FAKE_ARCH", arch));
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("script output:\n%s", output).isZero();

    Path home = root.resolve("opt/snapdrill/node/config");
    Path config = Files.exists(home.resolve("elasticsearch.yml")) ? home.resolve("elasticsearch.yml") : home.resolve("opensearch.yml");
    return new Run(root, Files.readString(calls), Files.readString(config),
        Files.readString(root.resolve("etc/systemd/system/snapdrill-node.service")),
        Files.readString(root.resolve("var/log/snapdrill-bootstrap.log")));
  }

  @Test
  void elasticsearch7GetsTheS3PluginAndHalfTheMemoryAsHeap(@TempDir Path dir) throws Exception {
    Run run = run(dir, UserDataTemplate.render("elasticsearch", "7.17.25", "us-west-2", "250mb"), "x86_64", 16_384_000);

    assertThat(run.calls()).contains(
        "curl --fail --silent --show-error --location --retry 10 --retry-delay 5 --retry-connrefused -o "
            + run.root() + "/tmp/elasticsearch-7.17.25-linux-x86_64.tar.gz "
            + "https://artifacts.elastic.co/downloads/elasticsearch/elasticsearch-7.17.25-linux-x86_64.tar.gz",
        "https://artifacts.elastic.co/downloads/elasticsearch/elasticsearch-7.17.25-linux-x86_64.tar.gz.sha512",
        "sha512sum --check elasticsearch-7.17.25-linux-x86_64.tar.gz.sha512",
        "plugin install --batch repository-s3",
        "sysctl -w vm.max_map_count=262144",
        "systemctl enable --now snapdrill-node.service");
    assertThat(run.config()).isEqualTo("""
        cluster.name: snapdrill-restore
        node.name: snapdrill-restore-host
        discovery.type: single-node
        network.host: ["_local_", "_site_"]
        http.port: 9200
        path.data: %1$s/var/lib/snapdrill/data
        path.logs: %1$s/var/log/snapdrill/node
        xpack.security.enabled: false
        indices.recovery.max_bytes_per_sec: 250mb
        s3.client.default.endpoint: s3.us-west-2.amazonaws.com
        s3.client.default.path_style_access: false

        """.formatted(run.root()));
    // 16,384,000 kB is 16,000 MiB: half of it.
    assertThat(run.unit()).contains("Environment=\"ES_JAVA_OPTS=-Xms8000m -Xmx8000m\"",
        "ExecStart=" + run.root() + "/opt/snapdrill/node/bin/elasticsearch", "User=snapdrill", "LimitNOFILE=65535");
    assertThat(run.log()).contains("snapdrill bootstrap done: elasticsearch 7.17.25, heap 8000m");
  }

  @Test
  void elasticsearch8HasTheS3RepositoryBuiltIn(@TempDir Path dir) throws Exception {
    Run run = run(dir, UserDataTemplate.render("elasticsearch", "8.15.3", "eu-central-1", "500mb"), "aarch64", 8_192_000);

    assertThat(run.calls()).contains("elasticsearch-8.15.3-linux-aarch64.tar.gz").doesNotContain("plugin install");
    assertThat(run.config()).contains("xpack.security.enabled: false", "s3.client.default.endpoint: s3.eu-central-1.amazonaws.com",
        "s3.client.default.path_style_access: false", "s3.client.default.region: eu-central-1");
    assertThat(run.unit()).contains("Environment=\"ES_JAVA_OPTS=-Xms4000m -Xmx4000m\"");
  }

  @Test
  void openSearchGetsThePluginAndTheHeapStopsAt31g(@TempDir Path dir) throws Exception {
    Run run = run(dir, UserDataTemplate.render("opensearch", "2.18.0", "us-west-2", "1gb"), "x86_64", 268_435_456);

    assertThat(run.calls())
        .contains("https://artifacts.opensearch.org/releases/bundle/opensearch/2.18.0/opensearch-2.18.0-linux-x64.tar.gz",
            "plugin install --batch repository-s3")
        .doesNotContain("sha512sum");
    assertThat(run.config()).contains("plugins.security.disabled: true", "indices.recovery.max_bytes_per_sec: 1gb",
            "s3.client.default.region: us-west-2", "s3.client.default.path_style_access: false")
        .doesNotContain("xpack");
    assertThat(run.unit()).contains("Environment=\"OPENSEARCH_JAVA_OPTS=-Xms31744m -Xmx31744m\"",
        "/opt/snapdrill/node/bin/opensearch");
  }
}
