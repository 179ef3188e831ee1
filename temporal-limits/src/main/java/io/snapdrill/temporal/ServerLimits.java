package io.snapdrill.temporal;

/**
 * A self-hosted Temporal server's default limits (temporalio/temporal {@code common/dynamicconfig/constants.go}):
 * what the embedded service enforces so that tests see what a real cluster would do. Sizes in bytes.
 *
 * @param blobWarn {@code limit.blobSize.warn}: one payload above this is logged
 * @param blobError {@code limit.blobSize.error}: one payload above this is refused or fails its workflow
 * @param messageMax the gRPC frontend's largest request (grpc-go's default receive limit)
 * @param historySizeWarn {@code limit.historySize.warn}
 * @param historySizeError {@code limit.historySize.error}: the workflow is terminated above this
 * @param historyCountWarn {@code limit.historyCount.warn}
 * @param historyCountError {@code limit.historyCount.error}: the workflow is terminated above this
 */
public record ServerLimits(int blobWarn, int blobError, int messageMax, long historySizeWarn, long historySizeError,
    long historyCountWarn, long historyCountError) {

  private static final int MB = 1024 * 1024;

  /**
   * The server's defaults since v1.25. Its documentation still says the payload warning is at 256 KB, which
   * was the frontend's default before v1.25; the server itself now warns at 512 KB everywhere.
   */
  public static final ServerLimits DEFAULTS =
      new ServerLimits(512 * 1024, 2 * MB, 4 * MB, 10L * MB, 50L * MB, 10 * 1024, 50 * 1024);

  public ServerLimits {
    if (blobWarn > blobError || historySizeWarn > historySizeError || historyCountWarn > historyCountError) {
      throw new IllegalArgumentException("a warning threshold is above its limit: " + this);
    }
  }

  /** The same limits with another history size, for tests that reach it in a few events. */
  public ServerLimits withHistorySize(long warn, long error) {
    return new ServerLimits(blobWarn, blobError, messageMax, warn, error, historyCountWarn, historyCountError);
  }

  /** The same limits with another history event count, for tests that reach it in a few events. */
  public ServerLimits withHistoryCount(long warn, long error) {
    return new ServerLimits(blobWarn, blobError, messageMax, historySizeWarn, historySizeError, warn, error);
  }
}
