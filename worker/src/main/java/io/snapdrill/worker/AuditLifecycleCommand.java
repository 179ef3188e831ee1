package io.snapdrill.worker;

import io.snapdrill.worker.offline.LifecycleAudit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "audit-lifecycle", mixinStandardHelpOptions = true,
    description = {
        "Judge a bucket's lifecycle rules against a snapshot repository prefix, offline: reads the JSON of"
            + " `aws s3api get-bucket-lifecycle-configuration --bucket B`.",
        "A rule is judged by the keys Elasticsearch and OpenSearch write under PREFIX; each HAZARD and WARNING"
            + " comes with a fix derived from the rule's own prefix and PREFIX.",
        "Exit code 0 when no rule expires or archives repository keys, 1 when one does, 2 on bad input."})
public class AuditLifecycleCommand implements Callable<Integer> {
  @Option(names = "--file", required = true, paramLabel = "JSON", description = "The lifecycle configuration JSON.")
  Path file;

  @Option(names = "--prefix", required = true, paramLabel = "PREFIX", description = "The repository's base path in the bucket ('' for the root).")
  String prefix;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return LifecycleAudit.run(file, prefix, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
