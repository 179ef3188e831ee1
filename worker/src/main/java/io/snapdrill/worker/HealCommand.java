package io.snapdrill.worker;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.worker.cli.S3LocationOptions;
import io.snapdrill.worker.offline.RepositoryHeal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "heal", mixinStandardHelpOptions = true,
    description = {
        "Remove the delete markers that hide blobs the repository's snapshots need (after a lifecycle"
            + " expiry put them there), so the newest real version of each blob is current again. Only versions"
            + " a listing just showed to be delete markers on top of real data are deleted; a dry run first.",
        "Exit code 0 when every hidden blob was (or can be) healed or none is hidden, 1 when one cannot be,"
            + " 2 on bad input."})
public class HealCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @Parameters(index = "0", paramLabel = "s3://BUCKET/PREFIX", description = "The repository copy to heal.")
  String location;

  @Option(names = "--snapshot", paramLabel = "NAME|UUID", description = "Only the blobs this snapshot needs (default: every snapshot's).")
  String snapshot;

  @Option(names = "--dry-run", description = "List what would be healed; change nothing.")
  boolean dryRun;

  @Option(names = "--approve", paramLabel = "NAME", description = "Heal, recording NAME as the approver.")
  String approver;

  @Option(names = "--record", paramLabel = "FILE", description = "Where the heal record goes (default: snapdrill-heal-<time>.json).")
  Path record;

  @Option(names = "--heal-role-arn", paramLabel = "ARN", description = "Assume this role for the heal's S3 calls (as clusters[].storage.healRoleArn).")
  String healRoleArn;

  @Mixin S3LocationOptions s3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (dryRun == (approver != null)) {
      throw new IllegalArgumentException("give exactly one of --dry-run and --approve NAME");
    }
    if (approver != null && approver.isBlank()) {
      throw new IllegalArgumentException("--approve: name the person who approved the heal");
    }
    if (!location.startsWith("s3://")) {
      throw new IllegalArgumentException("'" + location + "': heal works on a bucket, s3://bucket/prefix");
    }
    BucketConfig bucket = s3.bucket(location);
    Instant now = Instant.now();
    Path recordFile = record != null ? record : Path.of("snapdrill-heal-" + STAMP.format(now) + ".json");
    try (AwsClients aws = AwsClients.create()) {
      return RepositoryHeal.run(bucket, aws.s3(bucket), healRoleArn == null ? aws.s3(bucket) : aws.s3AssumingRole(bucket, healRoleArn),
          new RepositoryHeal.Options(snapshot, approver, recordFile), now,
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
