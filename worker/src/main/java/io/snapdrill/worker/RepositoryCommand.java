package io.snapdrill.worker;

import io.snapdrill.activities.cluster.ClusterConnection;
import io.snapdrill.activities.cluster.RepositoryRegistration;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.model.FailureType;
import io.snapdrill.worker.cli.ConfigOption;
import io.snapdrill.worker.registration.RepositoryEnsure;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "repository", mixinStandardHelpOptions = true,
    description = "The source cluster's snapshot repository.",
    subcommands = RepositoryCommand.Ensure.class)
public class RepositoryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "ensure", mixinStandardHelpOptions = true,
      description = {
          "Register the cluster's snapshot repository as snapdrill.yaml configures it (storage.primary's bucket and"
              + " prefix; for an Amazon OpenSearch Service domain, auth sigv4, also the region and repository.roleArn;"
              + " repository.readonly for a cluster that must not write), or check the one registered; then verify it"
              + " with the cluster's own repository verification. A repository registered with other settings is"
              + " shown setting by setting and left alone unless --force.",
          "Exit code 0 when the repository is registered as configured and verified, 1 when it is registered"
              + " otherwise (without --force), the cluster refused it or its verification failed, 2 on bad input."})
  static class Ensure implements Callable<Integer> {
    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster (clusters[].name).")
    String cluster;

    @Option(names = "--force", description = "Replace a repository registered with other settings.")
    boolean force;

    @Mixin ConfigOption config;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      ClusterConfig target = config.cluster(cluster);
      RepositoryRegistration wanted = RepositoryRegistration.of(target,
          "clusters[" + config.load().clusters().indexOf(target) + "]");
      ClusterConnection connection;
      try {
        connection = ClusterConnection.open(target);
      } catch (ApplicationFailure badConfiguration) {
        // CONFIGURATION_INVALID naming the field (endpoint, tls.caFile, auth): bad input, nothing was sent
        throw new IllegalArgumentException(FailureType.withoutHint(badConfiguration.getOriginalMessage()));
      }
      try (connection) {
        return RepositoryEnsure.run(connection, target, wanted, force, spec.commandLine().getOut(), spec.commandLine().getErr());
      }
    }
  }
}
