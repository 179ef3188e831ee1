package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.host.WorkflowStatusLookup;
import io.snapdrill.model.HostTermination;
import io.snapdrill.model.RestoreHostRecord;
import io.snapdrill.workflows.activities.JanitorActivities;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Instance;

/** The janitor's EC2 and Temporal side; the decision what to terminate is the janitor workflow's. */
public class Ec2JanitorActivities implements JanitorActivities {
  private static final Logger log = LoggerFactory.getLogger(Ec2JanitorActivities.class);

  private final ClusterDirectory clusters;
  private final AwsClients aws;
  private final WorkflowStatusLookup workflows;

  public Ec2JanitorActivities(ClusterDirectory clusters, AwsClients aws, WorkflowStatusLookup workflows) {
    this.clusters = clusters;
    this.aws = aws;
    this.workflows = workflows;
  }

  @Override
  public List<RestoreHostRecord> findRestoreHosts() {
    Duration hardCap = Ec2RestoreHostActivities.ec2Config(clusters).hardCap();
    return hosts().snapdrillHosts(Activity.getExecutionContext().getInfo().getNamespace()).stream()
        .map(instance -> record(instance, hardCap)).toList();
  }

  @Override
  public List<String> closedWorkflows(List<String> workflowIds) {
    return workflowIds.stream().filter(id -> !workflows.isRunning(id)).toList();
  }

  @Override
  public List<HostTermination> terminateHosts(List<String> hostIds) {
    Ec2Hosts hosts = hosts();
    Map<String, Instance> known =
        hosts.byIds(hostIds).stream().collect(Collectors.toMap(Instance::instanceId, Function.identity(), (a, b) -> a));
    List<HostTermination> results = new ArrayList<>();
    for (String id : hostIds) {
      Instance instance = known.get(id);
      if (instance == null || Ec2Hosts.terminated(instance)) {
        results.add(new HostTermination(id, true, "already gone"));
        continue;
      }
      try {
        String state = hosts.terminate(instance);
        log.info("janitor terminated {} ({})", id, state);
        results.add(new HostTermination(id, true, state));
      } catch (SdkException e) {
        // One host EC2 refuses must not keep the janitor from the others; the report shows it.
        String why = e instanceof AwsServiceException a ? Ec2Hosts.code(a) + ": " + Ec2Hosts.message(a) : e.getMessage();
        log.warn("janitor could not terminate {}: {}", id, why);
        results.add(new HostTermination(id, false, why));
      }
    }
    return results;
  }

  private Ec2Hosts hosts() {
    return new Ec2Hosts(aws.ec2(AwsClientSettings.region(Ec2RestoreHostActivities.ec2Config(clusters).region())));
  }

  static RestoreHostRecord record(Instance instance, Duration hardCap) {
    String expiresTag = Ec2Hosts.tag(instance, RestoreHostTags.EXPIRES_AT);
    Instant expiresAt = null;
    if (expiresTag != null) {
      try {
        expiresAt = Instant.parse(expiresTag.trim());
      } catch (DateTimeParseException e) {
        log.warn("{} has an unreadable {} tag '{}'", instance.instanceId(), RestoreHostTags.EXPIRES_AT, expiresTag);
      }
    }
    return new RestoreHostRecord(
        instance.instanceId(),
        Ec2Hosts.state(instance),
        Ec2Hosts.tag(instance, RestoreHostTags.HOST_KEY),
        Ec2Hosts.tag(instance, RestoreHostTags.WORKFLOW_ID),
        Ec2Hosts.tag(instance, RestoreHostTags.CLUSTER),
        expiresAt,
        expiresTag,
        instance.launchTime(),
        instance.instanceTypeAsString(),
        instance.placement() != null ? instance.placement().availabilityZone() : null,
        Ec2RestoreHostActivities.isSpot(instance),
        instance.launchTime() == null ? null : instance.launchTime().plus(hardCap));
  }
}
