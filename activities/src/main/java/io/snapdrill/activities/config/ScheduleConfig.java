package io.snapdrill.activities.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * Temporal Schedules besides the restore-a-thon (whose timing is {@link RestoreAThonConfig#cron()}).
 *
 * @param janitorEveryMinutes how often the janitor runs (default hourly)
 * @param dailyDrills clusters drilled once a day, each at its own UTC time
 */
public record ScheduleConfig(Integer janitorEveryMinutes, List<@Valid DailyDrill> dailyDrills) {
  public static final ScheduleConfig DEFAULTS = new ScheduleConfig(null, null);

  public ScheduleConfig {
    janitorEveryMinutes = janitorEveryMinutes != null ? janitorEveryMinutes : 60;
    dailyDrills = dailyDrills == null ? List.of() : List.copyOf(dailyDrills);
  }

  /**
   * @param cluster a configured cluster name
   * @param at UTC time of day, HH:MM
   */
  public record DailyDrill(
      @NotBlank String cluster,
      @NotBlank @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]", message = "a UTC time of day as HH:MM") String at) {}
}
