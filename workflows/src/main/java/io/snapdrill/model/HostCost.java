package io.snapdrill.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Cost estimate of restore hosts for the drill report: price per hour times the time each ran. */
public final class HostCost {

  /** EC2 bills Linux instances per second with a one-minute minimum. */
  private static final Duration MINIMUM_BILLED = Duration.ofMinutes(1);

  private HostCost() {}

  /** The host's estimated cost in USD from its launch to {@code until}, or null when its price is unknown. */
  public static Double estimateUsd(RestoreHost host, Instant until) {
    if (host == null || host.pricePerHourUsd() == null || host.launchedAt() == null || until == null) {
      return null;
    }
    return estimateUsd(host.pricePerHourUsd(), Duration.between(host.launchedAt(), until));
  }

  /** Price per hour times the billed time, rounded to a tenth of a cent. */
  public static double estimateUsd(double pricePerHourUsd, Duration runtime) {
    Duration billed = runtime.compareTo(MINIMUM_BILLED) < 0 ? MINIMUM_BILLED : runtime;
    BigDecimal hours = BigDecimal.valueOf(billed.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 10, RoundingMode.HALF_UP);
    return BigDecimal.valueOf(pricePerHourUsd).multiply(hours).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }

  /** The sum of the known estimates (nulls skipped), or null when none is known. */
  public static Double sumUsd(Collection<Double> estimates) {
    Double total = null;
    for (Double cost : estimates) {
      if (cost != null) {
        total = BigDecimal.valueOf(total == null ? 0 : total).add(BigDecimal.valueOf(cost)).doubleValue();
      }
    }
    return total;
  }

  /** The summed estimate of every host whose price is known, or null when none is. */
  public static Double totalUsd(List<RestoreHost> hosts, Instant until) {
    Double total = null;
    for (RestoreHost host : hosts) {
      Double cost = estimateUsd(host, until);
      if (cost != null) {
        total = BigDecimal.valueOf(total == null ? 0 : total).add(BigDecimal.valueOf(cost)).doubleValue();
      }
    }
    return total;
  }
}
