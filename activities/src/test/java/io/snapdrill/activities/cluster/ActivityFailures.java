package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Unwraps what an activity stub throws into the activity's own ApplicationFailure. */
final class ActivityFailures {
  private ActivityFailures() {}

  static ApplicationFailure failureOf(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the activity should have failed").isInstanceOf(ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }
}
