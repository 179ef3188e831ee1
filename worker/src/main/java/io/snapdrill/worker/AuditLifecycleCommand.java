package io.snapdrill.worker;

import io.snapdrill.activities.offline.CommandResult;
import io.snapdrill.activities.offline.LifecycleAuditCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Offline: is a bucket's lifecycle configuration safe for a snapshot repository under a prefix? */
@Command(name = "audit-lifecycle", mixinStandardHelpOptions = true,
    description = {
        "Reads the JSON that 'aws s3api get-bucket-lifecycle-configuration --bucket B' prints and prints one"
            + " verdict per rule: HAZARD (expires or archives repository blobs), WARNING, or SAFE.",
        "Exit codes: 0 no hazard, 1 a hazard, 2 bad input."})
public class AuditLifecycleCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The lifecycle configuration JSON.")
  Path file;

  @Option(names = "--prefix", required = true, paramLabel = "PREFIX",
      description = "The repository's base path in the bucket (\"\" for the bucket root).")
  String prefix;

  @Override
  public Integer call() {
    CommandResult result = LifecycleAuditCommand.run(file, prefix);
    (result.exitCode() == CommandResult.BAD_INPUT ? System.err : System.out).print(result.text());
    return result.exitCode();
  }
}
