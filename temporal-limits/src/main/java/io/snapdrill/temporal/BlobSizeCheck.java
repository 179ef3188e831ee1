package io.snapdrill.temporal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's {@code common.CheckEventBlobSizeLimit}: logs a payload over the warning limit, reports one over the error limit. */
final class BlobSizeCheck {
  private static final Logger log = LoggerFactory.getLogger(BlobSizeCheck.class);

  private final int warn;
  private final int error;

  BlobSizeCheck(ServerLimits limits) {
    this.warn = limits.blobWarn();
    this.error = limits.blobError();
  }

  /** @param operation the API call or command type, as the server tags its warning */
  boolean exceeds(int size, String workflowId, String operation) {
    if (size <= warn) {
      return false;
    }
    log.warn("Blob data size exceeds the warning limit. wf-id={} wf-size={} blob-size-violation-operation={} "
        + "(warns above {} bytes, fails above {})", workflowId, size, operation, warn, error);
    return size > error;
  }

  int warnLimit() {
    return warn;
  }
}
