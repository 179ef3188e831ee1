package io.snapdrill.activities.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How long S3 Object Lock keeps an uploaded report: auditors accept evidence nobody could have changed
 * since it was written. GOVERNANCE can be lifted by a principal allowed s3:BypassGovernanceRetention;
 * COMPLIANCE by nobody, not even the account's root user, until the date passes.
 *
 * @param mode GOVERNANCE or COMPLIANCE
 * @param days retention from the upload, 1 or more
 */
public record ReportRetention(
    @NotNull @Pattern(regexp = "GOVERNANCE|COMPLIANCE", message = "must be GOVERNANCE or COMPLIANCE") String mode,
    @NotNull @Min(1) Integer days) {

  public ReportRetention {
    mode = mode == null ? null : mode.trim().toUpperCase(Locale.ROOT);
  }

  /** The retain-until date of an object uploaded at {@code now}. */
  public Instant retainUntil(Instant now) {
    return now.plus(Duration.ofDays(days));
  }
}
