package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.config.SnapdrillConfig;
import org.junit.jupiter.api.Test;

/**
 * The reports bucket (modules/report-bucket): Object Lock of the mode and days the caller chooses, off
 * unless asked for, enabled by the lock configuration (never by replacing the bucket); the example
 * creates it on request and hands it to the worker policy and snapdrill.yaml.
 */
class ReportBucketCheckTest {
  private final TerraformModule reports = TerraformTree.shared().module("modules/report-bucket");
  private final TerraformModule example = TerraformTree.shared().module("examples/complete");

  @Test
  void objectLockIsTheVariablesModeAndDaysAndOffByDefault() {
    ObjectNode variable = reports.variables().get("object_lock");
    assertThat(variable.path("default").isNull()).as("object_lock defaults to null").isTrue();
    assertThat(variable.path("validation").toString()).contains("GOVERNANCE", "COMPLIANCE", "days >= 1");

    ObjectNode bucket = reports.resources("aws_s3_bucket").get("reports");
    assertThat(bucket.has("object_lock_enabled")).as("object_lock_enabled forces a new bucket: the reports in it"
        + " would be destroyed").isFalse();
    ObjectNode lock = reports.resources("aws_s3_bucket_object_lock_configuration").get("reports");
    assertThat(lock.path("count").asText()).contains("var.object_lock == null ? 0 : 1");
    JsonNode retention = lock.path("rule").path(0).path("default_retention").path(0);
    assertThat(retention.path("mode").asText()).isEqualTo("${var.object_lock.mode}");
    assertThat(retention.path("days").asText()).isEqualTo("${var.object_lock.days}");
    assertThat(lock.path("depends_on").toString()).contains("aws_s3_bucket_versioning.reports");
  }

  @Test
  void theBucketIsVersionedPrivateAndRefusesPlainHttp() {
    assertThat(reports.resources("aws_s3_bucket_versioning").get("reports").path("versioning_configuration")
        .path(0).path("status").asText()).isEqualTo("Enabled");
    ObjectNode block = reports.resources("aws_s3_bucket_public_access_block").get("reports");
    for (String setting : new String[] {"block_public_acls", "block_public_policy", "ignore_public_acls",
        "restrict_public_buckets"}) {
      assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
    }
    assertThat(reports.dataSources("aws_iam_policy_document").get("reports").toString())
        .contains("DenyInsecureTransport", "aws:SecureTransport");
  }

  @Test
  void theExampleCreatesItOnRequestForTheWorkerAndSnapdrillYaml() {
    ObjectNode call = example.moduleCalls().get("reports");
    assertThat(call.path("source").asText()).isEqualTo("../../modules/report-bucket");
    assertThat(call.path("count").asText()).contains("var.reports_bucket_name == null ? 0 : 1");
    assertThat(call.path("object_lock").asText()).isEqualTo("${var.reports_object_lock}");
    assertThat(example.variables().get("reports_object_lock").path("default").isNull()).isTrue();
    assertThat(example.moduleCalls().get("iam").path("reports_bucket_arn").asText())
        .isEqualTo("${one(module.reports[*].bucket_arn)}");
    JsonNode fragment = example.locals().get("snapdrill_config").path("reports");
    assertThat(fragment.path("objectLock").asText()).isEqualTo("${one(module.reports[*].object_lock)}");
    assertThat(fragment.path("s3Bucket").asText()).isEqualTo("${one(module.reports[*].bucket_id)}");
    assertThat(ConfigFields.exists(SnapdrillConfig.class, "reports.objectLock.mode")).isTrue();
    assertThat(ConfigFields.exists(SnapdrillConfig.class, "reports.objectLock.days")).isTrue();
  }
}
