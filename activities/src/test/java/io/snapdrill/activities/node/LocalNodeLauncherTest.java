package io.snapdrill.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalNodeLauncherTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String get(LocalNode node, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(node.httpEndpoint() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void elasticsearchAndOpenSearchNodesRunOnLoopbackWithTheirOwnDirectories() throws Exception {
    LocalNode es = SharedNodes.elasticsearch();
    LocalNode os = SharedNodes.opensearch();
    assertThat(get(es, "/_nodes/_local/settings?filter_path=**.settings.path,**.version"))
        .contains("\"8.19.21\"").contains(es.pathRepo().toString());
    assertThat(get(os, "/_nodes/_local/settings?filter_path=**.settings.path,**.version"))
        .contains("\"2.19.3\"").contains(os.pathRepo().toString());
    assertThat(get(es, "/_nodes/_local/http?filter_path=**.publish_address")).contains("127.0.0.1:" + es.httpPort());
    assertThat(es.directory()).isNotEqualTo(os.directory());
  }

  @Test
  void closeStopsTheProcessTreeAndRemovesTheNodeDirectory() {
    LocalNode node = SharedNodes.launcher().start(NodeOptions.of(NodeDistribution.OPENSEARCH_2, "short-lived"));
    var processes = new java.util.ArrayList<ProcessHandle>();
    ProcessHandle.of(node.pid()).ifPresent(p -> {
      processes.add(p);
      p.descendants().forEach(processes::add);
    });
    assertThat(processes).isNotEmpty();
    // The directory tells another JVM which process runs the node and where it listens.
    NodeRecord record = NodeRecord.read(node.directory()).orElseThrow();
    assertThat(record.pid()).isEqualTo(node.pid());
    assertThat(record.httpPort()).isEqualTo(node.httpPort());
    assertThat(record.process()).isPresent();
    var otherJvm = new LocalNodeLauncher(DistributionInstaller.defaults(), SharedNodes.launcher().workRoot());
    assertThat(otherJvm.nodeDirectories("short-lived")).containsExactly(node.directory());
    assertThat(otherJvm.nodeDirectories("short")).isEmpty();
    LocalNode attached = otherJvm.attach(node.directory(), java.time.Duration.ofSeconds(30), progress -> {}).orElseThrow();
    assertThat(attached.httpEndpoint()).isEqualTo(node.httpEndpoint());
    assertThat(attached.pid()).isEqualTo(node.pid());
    node.close();
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(Files.exists(node.directory())).isFalse();
    assertThat(otherJvm.attach(node.directory(), java.time.Duration.ofSeconds(1), progress -> {})).isEmpty();
    assertThat(otherJvm.remove(node.directory())).isFalse();
  }

  @Test
  void aNodeBoundToItsJvmDiesWhenThatJvmIsKilled() throws Exception {
    Path workRoot = Files.createDirectories(
        SharedNodes.launcher().workRoot().resolve("bound-" + ProcessHandle.current().pid()));
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BoundNodeMain.class.getName(), workRoot.toString())
        .redirectErrorStream(true).start();
    try {
      List<String> output = new ArrayList<>();
      BufferedReader lines = jvm.inputReader();
      String line;
      while ((line = lines.readLine()) != null && !line.startsWith("NODE ")) {
        output.add(line);
      }
      assertThat(line).as("the child JVM's node; its output:%n%s", String.join("\n", output)).isNotNull();
      String[] node = line.split(" ", 3);
      ProcessHandle root = ProcessHandle.of(Long.parseLong(node[1])).orElseThrow();
      List<ProcessHandle> nodeProcesses = Stream.concat(Stream.of(root), root.descendants()).toList();
      assertThat(nodeProcesses).as("Elasticsearch 8 runs a CLI JVM and a server JVM").hasSizeGreaterThan(1);

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      for (ProcessHandle process : nodeProcesses) {
        try {
          process.onExit().get(2, TimeUnit.MINUTES);
        } catch (TimeoutException stillRunning) {
          // asserted below
        }
      }
      assertThat(nodeProcesses).noneMatch(ProcessHandle::isAlive);
      var anotherJvm = new LocalNodeLauncher(DistributionInstaller.defaults(), workRoot);
      assertThat(anotherJvm.remove(Path.of(node[2]))).as("nothing was left running").isFalse();
    } finally {
      jvm.destroyForcibly();
      DistributionInstaller.deleteRecursively(workRoot);
    }
  }

  @Test
  void aNodeThatCannotStartFailsWithItsLogTailAndKeepsItsLogs() throws Exception {
    Path workRoot = Files.createDirectories(SharedNodes.launcher().workRoot().resolve("broken-" + System.nanoTime()));
    try {
      var launcher = new LocalNodeLauncher(DistributionInstaller.defaults(), workRoot);
      NodeOptions broken = NodeOptions.of(NodeDistribution.ELASTICSEARCH_8, "broken").withSetting("no.such.setting", "x");
      assertThatThrownBy(() -> launcher.start(broken))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited with code")
          .hasMessageContaining("no.such.setting");
      try (var dirs = Files.list(workRoot)) {
        assertThat(dirs.map(d -> d.resolve("logs/console.log")).filter(Files::isRegularFile).count()).isOne();
      }
    } finally {
      DistributionInstaller.deleteRecursively(workRoot);
    }
  }
}
