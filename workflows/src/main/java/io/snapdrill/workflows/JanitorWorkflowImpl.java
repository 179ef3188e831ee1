package io.snapdrill.workflows;

import io.snapdrill.model.HostTermination;
import io.snapdrill.model.JanitorAction;
import io.snapdrill.model.JanitorReport;
import io.snapdrill.model.RestoreHostRecord;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

public class JanitorWorkflowImpl implements JanitorWorkflow {

  private final JanitorActivities activities = ActivityStubs.janitor();

  @Override
  public JanitorReport run() {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    List<RestoreHostRecord> hosts = activities.findRestoreHosts();
    List<String> owners =
        hosts.stream().map(RestoreHostRecord::workflowId).filter(Objects::nonNull).filter(id -> !id.isBlank())
            .distinct().sorted().toList();
    Set<String> closed = owners.isEmpty() ? Set.of() : new HashSet<>(activities.closedWorkflows(owners));

    boolean sparesLiveDrills =
        Workflow.getVersion("janitor-spares-live-drills", Workflow.DEFAULT_VERSION, 1) >= 1;

    List<RestoreHostRecord> kept = new ArrayList<>();
    List<RestoreHostRecord> doomed = new ArrayList<>();
    List<JanitorRules.Verdict> verdicts = new ArrayList<>();
    for (RestoreHostRecord host : hosts) {
      JanitorRules.Verdict verdict = sparesLiveDrills
          ? JanitorRules.judge(host, closed, now) : JanitorRules.judgeByTtlAlone(host, closed, now);
      if (verdict == null) {
        kept.add(host);
      } else {
        doomed.add(host);
        verdicts.add(verdict);
      }
    }
    if (doomed.isEmpty()) {
      return new JanitorReport(now, List.of(), kept);
    }
    Map<String, HostTermination> outcomes =
        activities.terminateHosts(doomed.stream().map(RestoreHostRecord::hostId).toList()).stream()
            .collect(Collectors.toMap(HostTermination::hostId, Function.identity(), (a, b) -> a));
    List<JanitorAction> actions = new ArrayList<>();
    for (int i = 0; i < doomed.size(); i++) {
      RestoreHostRecord host = doomed.get(i);
      JanitorRules.Verdict verdict = verdicts.get(i);
      HostTermination termination =
          outcomes.getOrDefault(host.hostId(), new HostTermination(host.hostId(), false, "no answer for this host"));
      actions.add(new JanitorAction(host, verdict.reason(), verdict.why(), termination));
    }
    return new JanitorReport(now, actions, kept);
  }
}
