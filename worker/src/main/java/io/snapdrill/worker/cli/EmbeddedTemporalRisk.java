package io.snapdrill.worker.cli;

import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.worker.temporal.TemporalOptions;
import picocli.CommandLine.Option;

/**
 * Paid restore hosts need a durable Temporal: the embedded service dies with the command, and a kill -9
 * then loses the drill that would have torn its EC2 hosts down. The operator may still accept that.
 */
public class EmbeddedTemporalRisk {
  @Option(names = "--accept-embedded-temporal",
      description = "With restore hosts on EC2, run on the embedded Temporal service anyway: if this command is"
          + " killed (kill -9), its drills are lost and their restore hosts are left running.")
  boolean accepted;

  /** Refuses, as bad input, an EC2 drill on the embedded service the operator has not accepted. */
  public void check(SnapdrillConfig config, TemporalOptions temporal) {
    if (temporal.embedded() && !accepted && config.restoreHost().provider() == RestoreHostProvider.EC2) {
      throw new IllegalArgumentException("restoreHost.provider ec2: pass --temporal-address (a Temporal cluster, or"
          + " `snapdrill temporal-service`): the embedded service ends with this command, so a kill -9 loses its"
          + " drills and leaves their EC2 restore hosts running. --accept-embedded-temporal takes that risk.");
    }
  }
}
