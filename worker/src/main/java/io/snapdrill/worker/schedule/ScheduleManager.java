package io.snapdrill.worker.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.ArrayList;
import java.util.List;

/** Creates, updates, lists, pauses and triggers Snapdrill's schedules through Temporal's ScheduleClient. */
public final class ScheduleManager {
  private final ScheduleClient client;

  public ScheduleManager(ScheduleClient client) {
    this.client = client;
  }

  public enum Applied { CREATED, UPDATED, DELETED }

  public record Change(String id, Applied applied, String when) {}

  /** One row of {@code schedules list}. */
  public record Row(String id, String workflowType, boolean paused, String note, String nextRun, String lastRun) {}

  /**
   * Creates each schedule, or replaces the existing one's spec, action and policy, then deletes the
   * Snapdrill schedules the configuration no longer asks for (a daily drill taken out of the config,
   * the janitor without EC2 hosts). A paused schedule stays paused; the note is kept too.
   */
  public List<Change> apply(List<SnapdrillSchedules.Desired> desired) {
    List<Change> changes = createOrUpdate(desired);
    java.util.Set<String> wanted = new java.util.HashSet<>();
    desired.forEach(d -> wanted.add(d.id()));
    for (Row existing : list()) {
      if (SnapdrillSchedules.isManaged(existing.id()) && !wanted.contains(existing.id())) {
        try {
          client.getHandle(existing.id()).delete();
        } catch (RuntimeException e) {
          throw translate(existing.id(), e);
        }
        changes.add(new Change(existing.id(), Applied.DELETED, "no longer in the configuration"));
      }
    }
    return changes;
  }

  /**
   * Creates each schedule, or replaces the spec, action and policy of the existing one. A paused
   * schedule stays paused (an operator paused it on purpose); the note is kept too.
   */
  private List<Change> createOrUpdate(List<SnapdrillSchedules.Desired> desired) {
    List<Change> changes = new ArrayList<>();
    for (SnapdrillSchedules.Desired d : desired) {
      try {
        client.createSchedule(d.id(), d.schedule(), ScheduleOptions.newBuilder().build());
        changes.add(new Change(d.id(), Applied.CREATED, d.when()));
      } catch (ScheduleAlreadyRunningException exists) {
        client.getHandle(d.id()).update(input -> {
          ScheduleState current = input.getDescription().getSchedule().getState();
          Schedule updated = Schedule.newBuilder(d.schedule()).setState(current).build();
          return new ScheduleUpdate(updated);
        });
        changes.add(new Change(d.id(), Applied.UPDATED, d.when()));
      } catch (RuntimeException e) {
        throw translate(d.id(), e);
      }
    }
    return changes;
  }

  public List<Row> list() {
    try {
      return client.listSchedules().filter(s -> s.getScheduleId().startsWith("snapdrill-"))
          .map(ScheduleManager::row).toList();
    } catch (RuntimeException e) {
      throw translate(null, e);
    }
  }

  public ScheduleDescription describe(String id) {
    try {
      return client.getHandle(id).describe();
    } catch (RuntimeException e) {
      throw translate(id, e);
    }
  }

  public void pause(String id, String note) {
    handle(id).pause(note);
  }

  public void unpause(String id, String note) {
    handle(id).unpause(note);
  }

  /** Runs the action now; with overlap SKIP it starts nothing while the previous run is still open. */
  public void triggerNow(String id) {
    handle(id).trigger();
  }

  private ScheduleHandle handle(String id) {
    describe(id);
    return client.getHandle(id);
  }

  private static Row row(ScheduleListDescription s) {
    var info = s.getInfo();
    String next = info == null || info.getNextActionTimes() == null || info.getNextActionTimes().isEmpty()
        ? null : info.getNextActionTimes().get(0).toString();
    String last = info == null || info.getRecentActions() == null || info.getRecentActions().isEmpty()
        ? null : info.getRecentActions().get(info.getRecentActions().size() - 1).getScheduledAt().toString();
    var schedule = s.getSchedule();
    return new Row(s.getScheduleId(),
        schedule != null && schedule.getAction() instanceof ScheduleListActionStartWorkflow start ? start.getWorkflow() : null,
        schedule != null && schedule.getState() != null && schedule.getState().isPaused(),
        schedule == null || schedule.getState() == null ? null : schedule.getState().getNote(),
        next, last);
  }

  /** Temporal's answers as sentences: a service without schedules, or a schedule id that does not exist. */
  private static RuntimeException translate(String id, RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc) {
        if (grpc.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          return new IllegalStateException("this Temporal service does not implement schedules (the embedded test"
              + " service does not); point --temporal-address at a Temporal cluster or Temporal Cloud", e);
        }
        if (grpc.getStatus().getCode() == Status.Code.NOT_FOUND && id != null) {
          return new IllegalArgumentException("schedule " + id + " does not exist (run `snapdrill schedules apply`;"
              + " `snapdrill schedules list` shows what exists)", e);
        }
      }
    }
    return e;
  }
}
