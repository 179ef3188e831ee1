package io.snapdrill.temporal;

import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.ServerFailureInfo;
import java.nio.charset.StandardCharsets;

/** The failures the server writes in a caller's place (temporalio/temporal {@code common/failure/failure.go}). */
final class ServerFailures {
  private static final int MAX_DEPTH = 20;

  private ServerFailures() {}

  static Failure of(String message, boolean nonRetryable) {
    return Failure.newBuilder().setMessage(message)
        .setServerFailureInfo(ServerFailureInfo.newBuilder().setNonRetryable(nonRetryable)).build();
  }

  /**
   * The server's non-retryable failure of an activity. The server writes a ServerFailure; the test service
   * accepts only application failures for activities, so here it is a non-retryable ApplicationFailure with
   * the server's message and no type: retried as little, read the same, but not the same class in the SDK.
   */
  static Failure ofActivity(String message) {
    return Failure.newBuilder().setMessage(message)
        .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setNonRetryable(true)).build();
  }

  /** An oversize failure replaced by {@code replacement}, the original kept as its cause cut to {@code keepBytes}. */
  static Failure replacing(Failure oversize, Failure replacement, int keepBytes) {
    return replacement.toBuilder().setCause(truncate(oversize, keepBytes, MAX_DEPTH)).build();
  }

  /** As the server's {@code failure.Truncate}: the failure type, source, message and stack trace first, then causes. */
  private static Failure truncate(Failure failure, int budget, int depth) {
    Failure.Builder cut = Failure.newBuilder();
    int[] left = {budget};
    if (failure.hasApplicationFailureInfo()) {
      ApplicationFailureInfo info = failure.getApplicationFailureInfo();
      cut.setApplicationFailureInfo(ApplicationFailureInfo.newBuilder()
          .setNonRetryable(info.getNonRetryable()).setType(take(info.getType(), left)));
      left[0] -= 8;
    } else if (failure.hasServerFailureInfo()) {
      cut.setServerFailureInfo(failure.getServerFailureInfo());
      left[0] -= 4;
    }
    cut.setSource(take(failure.getSource(), left));
    cut.setMessage(take(failure.getMessage(), left));
    cut.setStackTrace(take(failure.getStackTrace(), left));
    if (failure.hasCause() && left[0] > 4 && depth > 0) {
      cut.setCause(truncate(failure.getCause(), left[0] - 4, depth - 1));
    }
    return cut.build();
  }

  /** The longest prefix of {@code text} within the byte budget (whole characters only), charged to it. */
  private static String take(String text, int[] left) {
    int budget = Math.max(left[0], 0);
    String kept = text;
    if (text.getBytes(StandardCharsets.UTF_8).length > budget) {
      int bytes = 0;
      int end = 0;
      while (end < text.length()) {
        int next = text.offsetByCodePoints(end, 1);
        int width = text.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + width > budget) {
          break;
        }
        bytes += width;
        end = next;
      }
      kept = text.substring(0, end);
    }
    left[0] -= kept.getBytes(StandardCharsets.UTF_8).length + (kept.isEmpty() ? 0 : 4);
    return kept;
  }
}
