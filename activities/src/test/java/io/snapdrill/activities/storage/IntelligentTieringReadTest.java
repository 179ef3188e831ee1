package io.snapdrill.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.testing.S3Stub;
import io.snapdrill.model.LifecycleVerdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How the audit reads a bucket's Intelligent-Tiering configurations when S3 answers with an error:
 * only "none" (an empty list, or 404 NoSuchConfiguration) and "not implemented" (501, an
 * S3-compatible server) mean there is nothing to check; a 5xx is a failure to retry, never SAFE.
 */
class IntelligentTieringReadTest {
  private final S3Stub s3 = new S3Stub();

  @AfterEach
  void stop() {
    s3.close();
  }

  @Test
  void serverErrorIsNotReadAsNoConfiguration() {
    s3.bucketGet("b", "intelligent-tiering", 500, S3Stub.error("InternalError", "We encountered an internal error."));
    assertThatThrownBy(() -> StorageAuditor.intelligentTiering(s3.client(), "b", "snapshots/"))
        .isInstanceOf(S3Exception.class).satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(500));
  }

  @Test
  void noConfigurationAndNotImplementedMeanNothingToCheck() {
    s3.bucketGet("none", "intelligent-tiering", 404,
        S3Stub.error("NoSuchConfiguration", "The specified configuration does not exist."));
    s3.bucketGet("compatible", "intelligent-tiering", 501,
        S3Stub.error("NotImplemented", "A header you provided implies functionality that is not implemented"));
    s3.bucketGet("empty", "intelligent-tiering", 200,
        S3Stub.document("ListBucketIntelligentTieringConfigurationsOutput", "<IsTruncated>false</IsTruncated>"));
    assertThat(StorageAuditor.intelligentTiering(s3.client(), "none", "snapshots/")).isEmpty();
    assertThat(StorageAuditor.intelligentTiering(s3.client(), "compatible", "snapshots/")).isEmpty();
    assertThat(StorageAuditor.intelligentTiering(s3.client(), "empty", "snapshots/")).isEmpty();
  }

  @Test
  void accessDeniedIsAWarning() {
    s3.bucketGet("b", "intelligent-tiering", 403, S3Stub.error("AccessDenied", "Access Denied"));
    assertThat(StorageAuditor.intelligentTiering(s3.client(), "b", "snapshots/")).singleElement()
        .satisfies(f -> assertThat(f.verdict()).isEqualTo(LifecycleVerdict.WARNING));
  }
}
