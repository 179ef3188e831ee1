package io.snapdrill.activities.host.ec2;

import io.snapdrill.model.FailureType;
import io.snapdrill.model.TeardownReport;
import io.snapdrill.model.TeardownRequest;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Terminates a restore host's instances (cancelling their spot requests) and waits until EC2 reports
 * them terminated. A host that is already gone is success; a refused grant is CONFIGURATION_INVALID (the
 * drill then hands the host to a HostTeardownWorkflow); every other error is retryable.
 */
final class Ec2Teardown {
  private static final Logger log = LoggerFactory.getLogger(Ec2Teardown.class);

  private final Ec2Hosts hosts;
  private final Ec2HostOptions options;
  private final Clock clock;

  Ec2Teardown(Ec2Hosts hosts, Ec2HostOptions options, Clock clock) {
    this.hosts = hosts;
    this.options = options;
    this.clock = clock;
  }

  TeardownReport terminate(TeardownRequest request, ActivityExecutionContext context) {
    boolean hasId = request.hostId() != null && !request.hostId().isBlank();
    boolean hasKey = request.hostKey() != null && !request.hostKey().isBlank();
    if (!hasId && !hasKey) {
      throw FailureType.STAGE_ERROR.failure("teardownHost for drill " + request.drillId() + " names neither a host id nor a host key");
    }
    try {
      // Both, when both are known: a crash mid-launch may have left a second instance under the key.
      Map<String, Instance> found = new LinkedHashMap<>();
      if (hasId) {
        refusable("ec2:DescribeInstances", () -> hosts.byId(request.hostId())).ifPresent(i -> found.put(i.instanceId(), i));
      }
      if (hasKey) {
        refusable("ec2:DescribeInstances", () -> hosts.byHostKey(request.hostKey()))
            .forEach(i -> found.putIfAbsent(i.instanceId(), i));
      }
      List<Instance> live = found.values().stream().filter(i -> !Ec2Hosts.terminated(i)).toList();
      if (live.isEmpty()) {
        log.info("host key {}: nothing left to terminate ({})", request.hostKey(), found.keySet());
        return new TeardownReport(request.hostKey(), List.of(), true);
      }
      List<String> ids = live.stream().map(Instance::instanceId).toList();
      for (Instance instance : live) {
        String state = refusable("ec2:TerminateInstances", () -> hosts.terminate(instance));
        log.info("host key {}: terminating {} ({})", request.hostKey(), instance.instanceId(), state);
      }
      awaitTerminated(context, ids);
      return new TeardownReport(request.hostKey(), ids, false);
    } catch (SdkException e) {
      throw retryable(request, hasId, e);
    }
  }

  /** The message of an error the workflow retries: it must not leak a host on one EC2 hiccup. */
  private static IllegalStateException retryable(TeardownRequest request, boolean hasId, SdkException e) {
    return new IllegalStateException("teardown of restore host " + (hasId ? request.hostId() : "")
        + " (host key " + request.hostKey() + ", drill " + request.drillId() + ") failed and will be retried: "
        + (e instanceof AwsServiceException a ? Ec2Hosts.code(a) + ": " + Ec2Hosts.message(a) : e.getMessage()), e);
  }

  /** A refused grant as CONFIGURATION_INVALID: no retry fixes it (the drill hands the host over instead). */
  private <T> T refusable(String action, Supplier<T> call) {
    return Ec2Refusals.call(action, hosts.client().serviceClientConfiguration().region().id(), call);
  }

  private void awaitTerminated(ActivityExecutionContext context, List<String> ids) {
    Instant deadline = clock.instant().plus(options.terminatedTimeout());
    while (true) {
      Map<String, String> remaining = hosts.byIds(ids).stream()
          .filter(i -> !Ec2Hosts.terminated(i))
          .collect(Collectors.toMap(Instance::instanceId, Ec2Hosts::state, (a, b) -> a, LinkedHashMap::new));
      if (remaining.isEmpty()) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException("restore hosts " + remaining + " are not terminated after "
            + options.terminatedTimeout() + "; teardown will be retried");
      }
      context.heartbeat("waiting for terminated: " + remaining);
      options.pause();
    }
  }
}
