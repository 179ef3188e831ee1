package io.snapdrill.activities.host.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One way to launch the host: an instance type in a subnet, on spot or on-demand capacity.
 *
 * @param subnetId null to let EC2 pick the default subnet
 */
record LaunchCandidate(String instanceType, String subnetId, boolean spot) {

  String market() {
    return spot ? "spot" : "on-demand";
  }

  /**
   * The RunInstances client token: the host key plus a digest of this candidate, so a retried call of
   * the same attempt returns the instance it already launched, while the next type or subnet is a new
   * request. EC2 allows at most 64 ASCII characters.
   */
  String clientToken(String hostKey) {
    String readable = hostKey.replaceAll("[^A-Za-z0-9-]", "");
    if (readable.length() > 47) {
      readable = readable.substring(0, 47);
    }
    return readable + "-" + digest(hostKey + "|" + instanceType + "|" + subnetId + "|" + market()).substring(0, 16);
  }

  String describe(String availabilityZone) {
    return instanceType + " in " + (availabilityZone != null ? availabilityZone : "any zone")
        + (subnetId != null ? " (" + subnetId + ")" : "") + " " + market();
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
