package io.snapdrill.activities.host.ec2;

import io.snapdrill.model.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The restore host's bootstrap script, rendered from {@code restore-host-user-data.sh}. Only values
 * that match a strict pattern are substituted, so nothing from a payload or a config file can smuggle
 * shell into the script, and no secret is ever among them.
 */
public final class UserDataTemplate {
  static final String RESOURCE = "restore-host-user-data.sh";
  /** EC2 refuses user data over 16 KiB (before base64). */
  static final int MAX_USER_DATA_BYTES = 16 * 1024;

  private static final Pattern VERSION = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern BYTES_PER_SEC = Pattern.compile("\\d{1,6}(\\.\\d{1,3})?(b|kb|mb|gb|tb)");

  private UserDataTemplate() {}

  /**
   * The script for one restore host.
   *
   * @param product the snapshot's product, "elasticsearch" (7.x or later) or "opensearch"
   * @param version the snapshot's product version, e.g. 8.15.3
   * @param s3Region region of the replica bucket the node restores from
   * @param recoveryMaxBytesPerSec the raised recovery throttle, e.g. 500mb
   */
  public static String render(String product, String version, String s3Region, String recoveryMaxBytesPerSec) {
    String p = product == null ? "" : product.trim().toLowerCase(Locale.ROOT);
    if (!p.equals("elasticsearch") && !p.equals("opensearch")) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "snapshot product '" + product + "' is neither elasticsearch nor opensearch: the restore host cannot install it");
    }
    var v = VERSION.matcher(version == null ? "" : version.trim());
    if (!v.matches()) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "snapshot version '" + version + "' is not MAJOR.MINOR.PATCH: the restore host cannot install " + p + " of it");
    }
    if (p.equals("elasticsearch") && Integer.parseInt(v.group(1)) < 7) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "Elasticsearch " + version + " is older than 7.0: the EC2 restore host installs 7.x and later only; "
              + "restore this snapshot in local mode or upgrade the source cluster");
    }
    requireImdsV2Credentials(p, version.trim(), Integer.parseInt(v.group(1)), Integer.parseInt(v.group(2)));
    if (s3Region == null || !REGION.matcher(s3Region).matches()) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "replica bucket region '" + s3Region + "' is not an AWS region name (storage.replica.region)");
    }
    String throttle = recoveryMaxBytesPerSec == null ? "" : recoveryMaxBytesPerSec.trim().toLowerCase(Locale.ROOT);
    if (!BYTES_PER_SEC.matcher(throttle).matches()) {
      throw FailureType.CONFIGURATION_INVALID.failure(
          "restore.maxBytesPerSec '" + recoveryMaxBytesPerSec + "' is not a byte size such as 500mb");
    }
    String script = template();
    for (Map.Entry<String, String> e : Map.of(
            "PRODUCT", p,
            "VERSION", version.trim(),
            "S3_ENDPOINT", s3Endpoint(s3Region),
            "S3_REGION", s3Region,
            "RECOVERY_MAX_BYTES_PER_SEC", throttle,
            "HTTP_PORT", Integer.toString(Ec2HostOptions.HTTP_PORT))
        .entrySet()) {
      script = script.replace("@@" + e.getKey() + "@@", e.getValue());
    }
    if (script.contains("@@")) {
      throw new IllegalStateException(RESOURCE + " has a placeholder this class does not fill");
    }
    if (script.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
      throw new IllegalStateException(RESOURCE + " is larger than EC2's 16 KiB user data limit");
    }
    return script;
  }

  /**
   * The restore host allows IMDSv2 only (RunInstances sets HttpTokens required), so its node's
   * repository-s3 must fetch the instance profile's credentials with an IMDSv2 token, or registering the
   * replica repository fails with a credentials error, on AWS only. OpenSearch's plugin does so since
   * 2.9.0, which moved it to AWS SDK v2 (opensearch-project/OpenSearch#3690); Elasticsearch 7.6 and
   * older bundle AWS SDK for Java 1.11.636 or older (elastic/elasticsearch#53191), which predates the
   * SDK's IMDSv2 support (1.11.678); 7.7 brought 1.11.749 (elastic/elasticsearch#53974). Refused here, before any money is spent on a host.
   */
  static void requireImdsV2Credentials(String product, String version, int major, int minor) {
    boolean oldOpenSearch = product.equals("opensearch") && (major < 2 || (major == 2 && minor < 9));
    boolean oldElasticsearch = product.equals("elasticsearch") && major == 7 && minor < 7;
    if (oldOpenSearch || oldElasticsearch) {
      String name = oldOpenSearch ? "OpenSearch" : "Elasticsearch";
      throw FailureType.CONFIGURATION_INVALID.failure(name + " " + version + "'s repository-s3 cannot read the "
          + "instance profile's credentials under IMDSv2, which the EC2 restore host requires (HttpTokens required): "
          + "registering the replica repository would fail with a credentials error. "
          + (oldOpenSearch ? "OpenSearch 2.9.0 and later can. " : "Elasticsearch 7.7 and later can. ")
          + "Restore this snapshot in local mode (restoreHost.provider: local), or upgrade the source cluster to "
          + (oldOpenSearch ? "OpenSearch 2.9" : "Elasticsearch 7.17") + " or later");
    }
  }

  /** Base64 as RunInstances takes it. */
  public static String base64(String script) {
    return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
  }

  /** The regional S3 endpoint, so the node does not depend on cross-region redirects. */
  static String s3Endpoint(String region) {
    return "s3." + region + (region.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
  }

  private static String template() {
    try (InputStream in = UserDataTemplate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
