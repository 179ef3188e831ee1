package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.worker.cli.S3LocationOptions;
import io.snapdrill.worker.offline.RepositoryInspection;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "inspect-repo", mixinStandardHelpOptions = true,
    description = {
        "Which snapshots one copy of a repository (the primary bucket, the replica bucket, a directory) can"
            + " restore, from one listing of it: a line per snapshot, the blobs that break several snapshots"
            + " named once, and the newest restorable snapshot with its age (for the replica bucket: the"
            + " disaster-recovery RPO as it stands). With --snapshot, that snapshot's missing, hidden,"
            + " wrong-size or archived blobs (every blob with --all).",
        "Exit code 0 when every snapshot (or the one named) can be restored, 1 when one cannot, 2 on bad input."})
public class InspectRepoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LOCATION", description = "A repository directory, or s3://bucket/prefix.")
  String location;

  @Option(names = "--snapshot", paramLabel = "NAME|UUID", description = "Check this snapshot only, blob by blob.")
  String snapshot;

  @Option(names = "--all", description = "With --snapshot: list present blobs too, not only problems.")
  boolean all;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Mixin S3LocationOptions s3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (AwsClients aws = AwsClients.create()) {
      return RepositoryInspection.run(RepositoryInspection.store(location, s3.endpoint, s3.region, s3.pathStyle, aws),
          new RepositoryInspection.Options(snapshot, all, json), Instant.now(),
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
