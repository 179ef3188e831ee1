package io.snapdrill.activities.report;

import io.snapdrill.activities.config.ReportRetention;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * One report file put into the report bucket under {@code prefix/<id>/<name>}, with the configured
 * Object Lock retention when there is one. S3 refuses a PUT with a retention unless it carries
 * Content-MD5 or an x-amz-checksum-* header, so every PUT sends Content-MD5 (also without a retention:
 * S3 then checks the bytes it stored are the bytes sent).
 */
final class ReportUpload {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final ReportRetention retention;
  private final Clock clock;

  ReportUpload(S3Client s3, String bucket, String prefix, ReportRetention retention, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    this.retention = retention;
    this.clock = clock;
  }

  S3Client s3() {
    return s3;
  }

  String bucket() {
    return bucket;
  }

  /** The key of {@code relative} ({@code <id>/<name>}, or a folder such as {@code restore-a-thons/}). */
  String key(String relative) {
    return (prefix.isEmpty() ? "" : prefix + "/") + relative;
  }

  String uri(String relative) {
    return "s3://" + bucket + "/" + key(relative);
  }

  /** Puts {@code content} at {@code relative} and answers its s3:// URI. */
  String put(String relative, byte[] content, String contentType) {
    String key = key(relative);
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
        .contentMD5(md5(content));
    if (retention != null) {
      request.objectLockMode(ObjectLockMode.fromValue(retention.mode()))
          .objectLockRetainUntilDate(retention.retainUntil(clock.instant()));
    }
    try {
      s3.putObject(request.build(), RequestBody.fromBytes(content));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot upload report to s3://" + bucket + "/" + key + ": " + e.getMessage()
          + " (check reports.s3Bucket, reports.s3Region and the worker's s3:PutObject permission"
          + (retention != null ? "; reports.objectLock needs a bucket with Object Lock enabled and"
              + " s3:PutObjectRetention" : "") + ")", e);
    }
    return "s3://" + bucket + "/" + key;
  }

  private static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
