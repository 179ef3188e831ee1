package io.snapdrill.worker.schedule;

import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.config.ScheduleConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.worker.temporal.DrillStarter;
import io.snapdrill.workflows.DrillWorkflow;
import io.snapdrill.workflows.JanitorWorkflow;
import io.snapdrill.workflows.RestoreAThonWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Temporal Schedules a configuration asks for. Every one skips a run while the previous run is
 * still open (overlap SKIP): a drill never overlaps itself, and neither does the janitor or the
 * restore-a-thon.
 */
public final class SnapdrillSchedules {
  public static final String RESTORE_A_THON = "snapdrill-restore-a-thon";
  public static final String JANITOR = "snapdrill-janitor";
  public static final String DAILY_DRILL_PREFIX = "snapdrill-daily-drill-";

  /** One schedule Snapdrill manages: its id, a human summary of when it fires, and the schedule itself. */
  public record Desired(String id, String when, Schedule schedule) {}

  private SnapdrillSchedules() {}

  /** Schedules {@code schedules apply} owns (and so may delete when the config drops them). */
  public static boolean isManaged(String id) {
    return id.equals(RESTORE_A_THON) || id.equals(JANITOR) || id.startsWith(DAILY_DRILL_PREFIX);
  }

  public static List<Desired> from(SnapdrillConfig config, String taskQueue) {
    DrillStarter drills = new DrillStarter(config, taskQueue);
    List<Desired> schedules = new ArrayList<>();
    schedules.add(restoreAThon(config, drills, taskQueue));
    // The janitor only has hosts to judge (and activities registered) with EC2 restore hosts.
    if (config.restoreHost().provider() == RestoreHostProvider.EC2) {
      schedules.add(janitor(config.schedules(), taskQueue));
    }
    for (ScheduleConfig.DailyDrill daily : config.schedules().dailyDrills()) {
      schedules.add(dailyDrill(drills, daily));
    }
    return schedules;
  }

  /**
   * Default: 06:00 UTC on the first Monday of January, April, July and October. A calendar spec ANDs
   * its fields; a cron "0 6 1-7 1,4,7,10 1" would not: cron fires when day-of-month OR day-of-week
   * matches, i.e. on days 1-7 and on every Monday of those months.
   */
  static ScheduleSpec restoreAThonSpec(String cron) {
    ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setTimeZoneName("UTC");
    if (cron != null && !cron.isBlank()) {
      return spec.setCronExpressions(List.of(cron.trim())).build();
    }
    return spec.setCalendars(List.of(ScheduleCalendarSpec.newBuilder()
            .setComment("first Monday of each quarter, 06:00 UTC")
            .setMonth(List.of(new ScheduleRange(1), new ScheduleRange(4), new ScheduleRange(7), new ScheduleRange(10)))
            .setDayOfMonth(List.of(new ScheduleRange(1, 7)))
            .setDayOfWeek(List.of(new ScheduleRange(1)))   // 0 is Sunday
            .setHour(List.of(new ScheduleRange(6)))
            .setMinutes(List.of(new ScheduleRange(0)))
            .setSeconds(List.of(new ScheduleRange(0)))
            .build()))
        .build();
  }

  private static Desired restoreAThon(SnapdrillConfig config, DrillStarter drills, String taskQueue) {
    List<String> clusters = config.clusters().stream().map(ClusterConfig::name).toList();
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(RestoreAThonWorkflow.class)
            .setArguments(drills.restoreAThon(clusters, config.restoreAThon().maxConcurrentDrills()))
            // Temporal appends the scheduled time to this id, so every quarter has its own restore-a-thon id.
            .setOptions(WorkflowOptions.newBuilder().setWorkflowId("restore-a-thon").setTaskQueue(taskQueue).build())
            .build())
        .setSpec(restoreAThonSpec(config.restoreAThon().cron()))
        .setPolicy(policy(Duration.ofDays(1)))
        .setState(note("quarterly restore-a-thon of " + clusters))
        .build();
    String cron = config.restoreAThon().cron();
    return new Desired(RESTORE_A_THON, cron == null || cron.isBlank()
        ? "first Monday of each quarter, 06:00 UTC" : "cron '" + cron + "' (UTC)", schedule);
  }

  private static Desired janitor(ScheduleConfig config, String taskQueue) {
    Duration every = Duration.ofMinutes(config.janitorEveryMinutes());
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(JanitorWorkflow.class)
            .setOptions(WorkflowOptions.newBuilder().setWorkflowId(JanitorWorkflow.WORKFLOW_ID).setTaskQueue(taskQueue).build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build())
        .setPolicy(policy(every))
        .setState(note("terminates restore hosts whose drill closed or whose TTL passed"))
        .build();
    return new Desired(JANITOR, "every " + config.janitorEveryMinutes() + " minutes", schedule);
  }

  private static Desired dailyDrill(DrillStarter drills, ScheduleConfig.DailyDrill daily) {
    String[] hourMinute = daily.at().split(":");
    DrillStarter.DrillStart drill = drills.daily(daily.cluster());
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(DrillWorkflow.class)
            .setArguments(drill.request())
            .setOptions(drill.options())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setTimeZoneName("UTC")
            .setCalendars(List.of(ScheduleCalendarSpec.newBuilder()
                .setComment("daily at " + daily.at() + " UTC")
                .setHour(List.of(new ScheduleRange(Integer.parseInt(hourMinute[0]))))
                .setMinutes(List.of(new ScheduleRange(Integer.parseInt(hourMinute[1]))))
                .setSeconds(List.of(new ScheduleRange(0)))
                .setDayOfMonth(List.of(new ScheduleRange(1, 31)))
                .setMonth(List.of(new ScheduleRange(1, 12)))
                .setDayOfWeek(List.of(new ScheduleRange(0, 6)))
                .build()))
            .build())
        .setPolicy(policy(Duration.ofHours(1)))
        .setState(note("daily drill of cluster " + daily.cluster()))
        .build();
    return new Desired(DAILY_DRILL_PREFIX + daily.cluster(), "daily at " + daily.at() + " UTC", schedule);
  }

  private static SchedulePolicy policy(Duration catchupWindow) {
    return SchedulePolicy.newBuilder()
        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
        .setCatchupWindow(catchupWindow.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : catchupWindow)
        .build();
  }

  private static ScheduleState note(String note) {
    return ScheduleState.newBuilder().setNote("managed by `snapdrill schedules apply`: " + note).build();
  }
}
