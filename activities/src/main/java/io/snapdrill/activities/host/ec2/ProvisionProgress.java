package io.snapdrill.activities.host.ec2;

import java.util.List;

/**
 * Heartbeat details of provisionHost, so a retried attempt resumes where the last one was instead of
 * launching a second host.
 *
 * @param candidateIndex the launch candidate being tried
 * @param phase launching, starting (waiting for "running") or installing (waiting for the node)
 * @param instanceId the instance of this candidate, once launched
 * @param amiId the AMI resolved once, so every attempt launches the same image
 * @param attempts what each failed candidate answered, for the final failure message
 */
public record ProvisionProgress(int candidateIndex, String phase, String instanceId, String amiId, List<String> attempts) {

  public ProvisionProgress {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }
}
