package io.snapdrill.activities.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * One lifecycle rule, from the SDK's {@code LifecycleRule} or from the JSON the AWS CLI prints, in
 * the terms the analyzer needs.
 *
 * @param id the rule id, or a position such as "Rules[2]" when the rule has none
 * @param filter which keys the rule can match
 * @param expiration current-version expiration, or null
 * @param noncurrentExpirationDays NoncurrentVersionExpiration.NoncurrentDays, or null
 * @param abortIncompleteMultipartDays AbortIncompleteMultipartUpload.DaysAfterInitiation, or null
 */
public record LifecycleRuleSpec(
    String id,
    boolean enabled,
    Filter filter,
    Expiration expiration,
    List<Transition> transitions,
    Integer noncurrentExpirationDays,
    List<Transition> noncurrentTransitions,
    Integer abortIncompleteMultipartDays) {

  public LifecycleRuleSpec {
    filter = filter == null ? Filter.ALL : filter;
    transitions = transitions == null ? List.of() : List.copyOf(transitions);
    noncurrentTransitions = noncurrentTransitions == null ? List.of() : List.copyOf(noncurrentTransitions);
  }

  /**
   * The rule's key filter; the legacy rule-level Prefix lands in {@code prefix} too.
   *
   * @param prefix null or "" for every key
   * @param tags all must be on an object for the rule to match it
   * @param sizeGreaterThan ObjectSizeGreaterThan in bytes, or null
   * @param sizeLessThan ObjectSizeLessThan in bytes, or null
   */
  public record Filter(String prefix, Map<String, String> tags, Long sizeGreaterThan, Long sizeLessThan) {
    public static final Filter ALL = new Filter(null, Map.of(), null, null);

    public Filter {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }

  /**
   * @param date ISO date, as the rule holds it
   * @param expiredObjectDeleteMarker removes delete markers with no versions left (harmless)
   */
  public record Expiration(Integer days, String date, boolean expiredObjectDeleteMarker) {
    public boolean expiresCurrentVersions() {
      return days != null || date != null;
    }
  }

  /** @param days Days (or NoncurrentDays), or null when a date is given */
  public record Transition(Integer days, String date, String storageClass) {
    public String when() {
      // Days 0: at the first midnight UTC after the object is written
      return days != null ? (days == 0 ? "at once (Days 0)" : "after " + LifecycleRuleSpec.days(days)) : date != null ? "on " + date : "";
    }
  }

  /** "1 day", "7 days". */
  static String days(int n) {
    return n == 1 ? "1 day" : n + " days";
  }
}
