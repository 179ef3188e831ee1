package io.snapdrill.activities.report;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.snapdrill.activities.config.ReportRetention;
import io.snapdrill.activities.testing.S3Stub;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Object Lock headers of a report upload, against PutObject as AWS documents it (WireMock: neither
 * S3Mock nor local-s3 applies a retention sent with PutObject). S3 refuses a PUT with Object Lock
 * parameters unless it carries Content-MD5 or an x-amz-checksum-* header, and refuses one into a bucket
 * without Object Lock.
 */
class ReportUploadObjectLockTest {
  private static final Instant NOW = Instant.parse("2027-01-04T18:30:00Z");
  private static final String KEY = "/snapdrill-reports/evidence/restore-a-thon-q1/restore-a-thon-report.json";

  @Test
  void everyUploadCarriesTheRetentionAndTheContentMd5S3Requires() throws Exception {
    try (S3Stub stub = new S3Stub()) {
      stub.server().stubFor(put(urlPathEqualTo(KEY)).atPriority(1).withHeader("Content-MD5", absent())
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/xml").withBody(S3Stub.error(
              "InvalidRequest", "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with"
                  + " Object Lock parameters"))));
      stub.server().stubFor(put(urlPathEqualTo(KEY)).atPriority(2)
          .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"3858f62230ac3c915f300c664312c11f\"")
              .withHeader("x-amz-version-id", "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd")));
      ReportUpload upload = new ReportUpload(stub.client(), "snapdrill-reports", "/evidence/",
          new ReportRetention("compliance", 2555), Clock.fixed(NOW, ZoneOffset.UTC));
      byte[] content = "{\"restoreAThonId\" : \"restore-a-thon-q1\"}".getBytes(StandardCharsets.UTF_8);

      String uri = upload.put("restore-a-thon-q1/restore-a-thon-report.json", content, "application/json");

      assertThat(uri).isEqualTo("s3:/" + KEY);
      List<LoggedRequest> puts = stub.server().findAll(putRequestedFor(urlPathEqualTo(KEY)));
      assertThat(puts).hasSize(1);
      LoggedRequest request = puts.get(0);
      assertThat(request.getHeader("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
      assertThat(request.getHeader("x-amz-object-lock-retain-until-date")).isEqualTo("2034-01-02T18:30:00Z");
      assertThat(request.getHeader("Content-MD5"))
          .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content)));
      assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
    }
  }

  @Test
  void aBucketWithoutObjectLockIsNamedWithTheSettingToCheck() {
    try (S3Stub stub = new S3Stub()) {
      stub.server().stubFor(put(urlPathEqualTo(KEY)).withHeader("x-amz-object-lock-mode", equalTo("GOVERNANCE"))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/xml")
              .withBody(S3Stub.error("InvalidRequest", "Bucket is missing Object Lock Configuration"))));
      ReportUpload upload = new ReportUpload(stub.client(), "snapdrill-reports", "evidence",
          new ReportRetention("GOVERNANCE", 30), Clock.fixed(NOW, ZoneOffset.UTC));

      assertThatThrownBy(() -> upload.put("restore-a-thon-q1/restore-a-thon-report.json", new byte[] {'{', '}'},
          "application/json"))
          .hasMessageContaining("s3:/" + KEY)
          .hasMessageContaining("Bucket is missing Object Lock Configuration")
          .hasMessageContaining("reports.objectLock needs a bucket with Object Lock enabled");
    }
  }
}
