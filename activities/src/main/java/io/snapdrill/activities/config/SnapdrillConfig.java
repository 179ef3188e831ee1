package io.snapdrill.activities.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Optional;

/**
 * The whole {@code snapdrill.yaml}. Loaded and validated by the worker; activities read it through
 * {@link ClusterDirectory} by cluster name, so workflow payloads carry names, never credentials.
 */
public record SnapdrillConfig(
    @NotEmpty List<@Valid ClusterConfig> clusters,
    @Valid RestoreHostConfig restoreHost,
    @Valid DrillDefaults drill,
    @Valid ReportConfig reports,
    @Valid RestoreAThonConfig restoreAThon,
    @Valid TriggerConfig triggers,
    @Valid ScheduleConfig schedules) {

  /** The configuration without triggers and schedules (their defaults). */
  public SnapdrillConfig(List<ClusterConfig> clusters, RestoreHostConfig restoreHost, DrillDefaults drill,
      ReportConfig reports, RestoreAThonConfig restoreAThon) {
    this(clusters, restoreHost, drill, reports, restoreAThon, null, null);
  }

  public SnapdrillConfig {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    restoreHost = restoreHost != null ? restoreHost : RestoreHostConfig.localMode();
    drill = drill != null ? drill : DrillDefaults.DEFAULTS;
    reports = reports != null ? reports : ReportConfig.DEFAULTS;
    restoreAThon = restoreAThon != null ? restoreAThon : RestoreAThonConfig.DEFAULTS;
    triggers = triggers != null ? triggers : TriggerConfig.DEFAULTS;
    schedules = schedules != null ? schedules : ScheduleConfig.DEFAULTS;
  }

  public Optional<ClusterConfig> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
