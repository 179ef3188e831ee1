package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.worker.offline.RepositoryInspection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "inspect-repo", mixinStandardHelpOptions = true,
    description = {
        "List a snapshot repository's snapshots and, for one snapshot, every blob a restore needs as"
            + " present, missing, wrong size or hidden by a delete marker.",
        "Exit code 0 when the snapshot's blobs are all there, 1 when some are not, 2 on bad input."})
public class InspectRepoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LOCATION", description = "A repository directory, or s3://bucket/prefix.")
  String location;

  @Option(names = "--snapshot", paramLabel = "NAME|UUID", description = "Check this snapshot blob by blob.")
  String snapshot;

  @Option(names = "--endpoint", paramLabel = "URL", description = "S3-compatible endpoint instead of AWS.")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION", description = "The bucket's region (default: us-east-1).")
  String region;

  @Option(names = "--path-style", description = "Path-style S3 addressing (most S3-compatible servers).")
  boolean pathStyle;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (AwsClients aws = AwsClients.create()) {
      return RepositoryInspection.run(RepositoryInspection.store(location, endpoint, region, pathStyle, aws), snapshot,
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
