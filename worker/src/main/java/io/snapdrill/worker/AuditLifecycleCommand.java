package io.snapdrill.worker;

import io.snapdrill.activities.offline.LifecycleAuditCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit-lifecycle", mixinStandardHelpOptions = true,
    description = {
        "Judge a bucket's lifecycle rules against a snapshot repository prefix, offline: reads the JSON of"
            + " `aws s3api get-bucket-lifecycle-configuration --bucket B`.",
        "Exit code 0 when no rule expires or archives repository keys, 1 when one does, 2 on bad input."})
public class AuditLifecycleCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, paramLabel = "JSON", description = "The lifecycle configuration JSON.")
  Path file;

  @Option(names = "--prefix", required = true, paramLabel = "PREFIX", description = "The repository's base path in the bucket ('' for the root).")
  String prefix;

  @Override
  public Integer call() {
    return OfflineOutput.print(LifecycleAuditCommand.run(file, prefix));
  }
}
