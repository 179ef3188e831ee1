package io.snapdrill.worker;

import io.snapdrill.activities.offline.CommandResult;
import io.snapdrill.activities.offline.InspectRepositoryCommand;
import io.snapdrill.activities.storage.BlobStore;
import io.snapdrill.activities.storage.S3ClientFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Offline: the snapshots of a repository, and for one of them every blob its restore needs. */
@Command(name = "inspect-repo", mixinStandardHelpOptions = true,
    description = {
        "Lists the snapshots of a repository (a directory, or s3://bucket/prefix) and, with --snapshot, every"
            + " blob a restore of that snapshot needs: present, missing, wrong size, or hidden by a delete marker.",
        "Exit codes: 0 complete, 1 blobs missing or damaged, 2 bad input."})
public class InspectRepoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LOCATION", description = "A directory, or s3://bucket/prefix.")
  String location;

  @Option(names = "--snapshot", paramLabel = "NAME", description = "Snapshot name or uuid to check blob by blob.")
  String snapshot;

  @Option(names = "--endpoint", paramLabel = "URL", description = "An S3-compatible endpoint instead of AWS.")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1",
      description = "The bucket's region (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--path-style", description = "Path-style addressing (most S3-compatible servers need it).")
  boolean pathStyle;

  @Override
  public Integer call() {
    BlobStore store = InspectRepositoryCommand.store(location, endpoint, region, pathStyle, S3ClientFactory.defaults());
    CommandResult result = InspectRepositoryCommand.run(store, snapshot);
    (result.exitCode() == CommandResult.BAD_INPUT ? System.err : System.out).print(result.text());
    return result.exitCode();
  }
}
