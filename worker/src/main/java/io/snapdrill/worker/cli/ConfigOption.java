package io.snapdrill.worker.cli;

import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.worker.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by the commands that need the clusters. */
public class ConfigOption {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "snapdrill.yaml",
      description = "Configuration file: clusters, buckets, restore host, verification (default: ${DEFAULT-VALUE}).")
  Path file;

  private SnapdrillConfig loaded;

  public Path file() {
    return file;
  }

  public SnapdrillConfig load() {
    if (loaded == null) {
      loaded = ConfigLoader.load(file);
    }
    return loaded;
  }

  public ClusterConfig cluster(String name) {
    SnapdrillConfig config = load();
    return config.cluster(name).orElseThrow(() -> new IllegalArgumentException(
        "--cluster: '" + name + "' is not in " + file + " (configured: "
            + config.clusters().stream().map(ClusterConfig::name).toList() + ")"));
  }
}
