package io.snapdrill.activities.report;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats while the restore-a-thon report reads its drill reports: thousands of reads from S3 take
 * minutes, and a heartbeat per report lets the activity keep a short heartbeat timeout (the SDK
 * throttles what it sends). Outside an activity (tests, the command line) it does nothing.
 */
final class ReportProgress {
  private final ActivityExecutionContext context;

  private ReportProgress(ActivityExecutionContext context) {
    this.context = context;
  }

  static ReportProgress current() {
    try {
      return new ReportProgress(Activity.getExecutionContext());
    } catch (RuntimeException notInAnActivity) {
      return new ReportProgress(null);
    }
  }

  void drillReportsRead(int read, int total) {
    if (context != null) {
      context.heartbeat("drill reports read: " + read + " of " + total);
    }
  }
}
