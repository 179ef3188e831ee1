package io.snapdrill.model;

import java.util.List;

/** The combined evidence of one restore-a-thon: every cluster's drill result. */
public record RestoreAThonResult(
    String restoreAThonId, List<DrillResult> drills, int passed, int failed, ReportLocation report) {

  public RestoreAThonResult withReport(ReportLocation location) {
    return new RestoreAThonResult(restoreAThonId, drills, passed, failed, location);
  }
}
