package io.snapdrill.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.report.ReportActivitiesImpl;
import io.snapdrill.model.HumanDuration;
import io.snapdrill.worker.cli.ExitCode;
import io.snapdrill.worker.config.Durations;
import io.snapdrill.worker.history.DrillHistory.DrillRow;
import io.snapdrill.worker.history.DrillHistory;
import io.snapdrill.worker.temporal.TemporalConnection;
import io.snapdrill.worker.temporal.TemporalOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "List drills from Temporal visibility: cluster, snapshot, stage, outcome, duration; under a"
        + " running drill whose stage is retrying, the last failure, the attempt and when the next one runs.")
public class StatusCommand implements Callable<Integer> {
  @Mixin TemporalOptions temporal;

  @Option(names = "--cluster", paramLabel = "NAME", description = "Only drills of this cluster.")
  String cluster;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "30d",
      description = "How far back (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--json", description = "JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Duration window = Durations.parse(since);
    if (temporal.embedded()) {
      System.err.println("note: no --temporal-address: the embedded Temporal service starts empty with each"
          + " command, so it knows no earlier drills. Point --temporal-address at the shared cluster.");
    }
    try (TemporalConnection connection = TemporalConnection.open(temporal)) {
      List<DrillRow> rows = new DrillHistory(connection.client()).list(cluster, Instant.now().minus(window));
      print(rows, json);
      return ExitCode.PASSED;
    }
  }

  static void print(List<DrillRow> rows, boolean json) throws Exception {
    if (json) {
      ObjectMapper mapper = ReportActivitiesImpl.jsonMapper();
      System.out.println(mapper.writeValueAsString(rows));
      return;
    }
    String format = "%-48s %-16s %-28s %-20s %-10s %-10s %s%n";
    System.out.printf(format, "WORKFLOW ID", "CLUSTER", "SNAPSHOT", "STAGE", "OUTCOME", "STATUS", "DURATION");
    for (DrillRow r : rows) {
      Duration d = r.duration();
      System.out.printf(format, r.workflowId(), dash(r.cluster()), dash(r.snapshot()), dash(r.stage()),
          dash(r.outcome()), r.status(), d == null ? "-" : HumanDuration.of(d));
      if (r.retry() != null) {
        System.out.println("    retrying " + r.retry().activity() + ": " + r.retry().describe(Instant.now()));
      }
    }
    if (rows.isEmpty()) {
      System.out.println("(no drills)");
    }
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
