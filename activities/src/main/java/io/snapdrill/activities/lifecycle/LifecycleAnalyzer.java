package io.snapdrill.activities.lifecycle;

import io.snapdrill.activities.lifecycle.LifecycleRuleSpec.Filter;
import io.snapdrill.activities.lifecycle.LifecycleRuleSpec.Transition;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, for each lifecycle rule of a bucket, whether it can touch the keys of a snapshot
 * repository under a prefix, and whether what it does to them breaks restores.
 *
 * <p>Hazards: expiring current versions (on a versioned bucket that lays delete markers over blobs
 * that every later snapshot shares) and transitions to storage classes a restore cannot read without
 * a RestoreObject first (Glacier Flexible Retrieval, Deep Archive). A rule that acts only on tagged
 * objects is a warning whatever it does (blobs are untagged until someone tags them). Glacier Instant Retrieval and the
 * infrequent-access classes stay readable. Warnings: noncurrent-version expiry or archiving (they
 * destroy what healing a delete marker brings back) and Intelligent-Tiering (readable unless the
 * bucket opts into its archive tiers). Harmless: expired-delete-marker cleanup and aborting
 * incomplete multipart uploads.
 */
public final class LifecycleAnalyzer {
  /** A suggestion that is outside any repository prefix Snapdrill recommends. */
  public static final String SAFE_PREFIX_EXAMPLE = "auto-purge/";

  private static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");
  private static final Set<String> READABLE_CLASSES =
      Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "REDUCED_REDUNDANCY");

  /**
   * What Elasticsearch and OpenSearch write at the root of a repository; a rule's prefix overlaps a
   * repository at the bucket root only when it overlaps one of these.
   */
  private static final List<String> ROOT_KEY_PREFIXES =
      List.of("index-", "index.latest", "indices/", "snap-", "meta-", "tests-", "snapshot_shard_paths/");

  private LifecycleAnalyzer() {}

  /**
   * @param keyPrefix the repository's key prefix with a trailing slash, or "" at the bucket root
   */
  public static List<LifecycleFinding> analyze(String bucket, String keyPrefix, List<LifecycleRuleSpec> rules) {
    List<LifecycleFinding> findings = new ArrayList<>();
    for (LifecycleRuleSpec rule : rules) {
      findings.add(analyze(bucket, keyPrefix, rule));
    }
    return findings;
  }

  public static LifecycleFinding analyze(String bucket, String keyPrefix, LifecycleRuleSpec rule) {
    String where = repositoryDescription(keyPrefix);
    if (!rule.enabled()) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.SAFE, "the rule is disabled", null);
    }
    String cannotMatch = whyCannotMatch(rule.filter(), keyPrefix);
    if (cannotMatch != null) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.SAFE,
          "cannot match " + where + ": " + cannotMatch, null);
    }
    String scope = "matches " + describeScope(rule.filter(), where);

    List<String> hazards = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> harmless = new ArrayList<>();
    var expiration = rule.expiration();
    if (expiration != null && expiration.expiresCurrentVersions()) {
      hazards.add("expires current versions " + (expiration.days() != null ? "after " + expiration.days() + " days"
          : "on " + expiration.date())
          + " (on a versioned bucket that puts delete markers over old blobs, which every later snapshot shares)");
    }
    if (expiration != null && expiration.expiredObjectDeleteMarker()) {
      harmless.add("removes expired delete markers");
    }
    for (Transition t : rule.transitions()) {
      String cls = t.storageClass() == null ? "" : t.storageClass().toUpperCase(Locale.ROOT);
      if (ARCHIVE_CLASSES.contains(cls)) {
        hazards.add("moves current versions to " + cls + " " + t.when()
            + " (archived objects cannot be read by a restore until each is restored with RestoreObject)");
      } else if ("INTELLIGENT_TIERING".equals(cls)) {
        warnings.add("moves current versions to INTELLIGENT_TIERING " + t.when()
            + " (readable unless the bucket's Intelligent-Tiering configuration enables the archive tiers for these keys)");
      } else if (READABLE_CLASSES.contains(cls)) {
        harmless.add("moves current versions to " + cls + " " + t.when() + " (stays instantly readable)");
      } else {
        warnings.add("moves current versions to unknown storage class '" + t.storageClass() + "' " + t.when());
      }
    }
    if (rule.noncurrentExpirationDays() != null) {
      warnings.add("expires noncurrent versions after " + rule.noncurrentExpirationDays()
          + " days (the versions that healing a delete marker brings back)");
    }
    for (Transition t : rule.noncurrentTransitions()) {
      String cls = t.storageClass() == null ? "" : t.storageClass().toUpperCase(Locale.ROOT);
      if (ARCHIVE_CLASSES.contains(cls)) {
        warnings.add("moves noncurrent versions to " + cls + " " + t.when()
            + " (a healed blob would come back archived and unreadable)");
      }
    }
    if (rule.abortIncompleteMultipartDays() != null) {
      harmless.add("aborts incomplete multipart uploads after " + rule.abortIncompleteMultipartDays() + " days");
    }

    String tagged = taggedOnly(rule.filter());
    if (tagged != null && !(hazards.isEmpty() && warnings.isEmpty())) {
      List<String> actions = new ArrayList<>(hazards);
      actions.addAll(warnings);
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.WARNING,
          scope + ", " + tagged + ", and then " + String.join("; ", actions),
          "scope rule '" + rule.id() + "' to keys outside the repository (Filter.And with Prefix '"
              + suggestedPrefix(keyPrefix) + "' and its tags), or deny s3:PutObjectTagging on " + where);
    }
    if (!hazards.isEmpty()) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.HAZARD,
          scope + " and " + String.join("; ", hazards),
          "scope rule '" + rule.id() + "' to keys outside the repository, e.g. Filter.Prefix '"
              + suggestedPrefix(keyPrefix) + "', or remove its "
              + (expiration != null && expiration.expiresCurrentVersions() ? "Expiration" : "archive transition")
              + " for " + where);
    }
    if (!warnings.isEmpty()) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.WARNING,
          scope + " and " + String.join("; ", warnings),
          "scope rule '" + rule.id() + "' away from " + where + " (e.g. Filter.Prefix '" + suggestedPrefix(keyPrefix)
              + "'), or keep noncurrent versions readable for as long as delete markers may need healing");
    }
    return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.SAFE,
        scope + (harmless.isEmpty() ? " but has no action that touches current versions"
            : " but only " + String.join("; ", harmless)),
        null);
  }

  /** Why the filter can never match a repository key, or null when it can. */
  static String whyCannotMatch(Filter filter, String keyPrefix) {
    String rulePrefix = filter.prefix() == null ? "" : filter.prefix();
    if (!prefixOverlaps(rulePrefix, keyPrefix)) {
      return "its prefix '" + rulePrefix + "' is outside the repository";
    }
    if (filter.sizeGreaterThan() != null && filter.sizeLessThan() != null
        && filter.sizeLessThan() - filter.sizeGreaterThan() <= 1) {
      return "its size range (greater than " + filter.sizeGreaterThan() + ", less than " + filter.sizeLessThan()
          + " bytes) is empty";
    }
    return null;
  }

  /**
   * A tag filter does not keep a rule away from the repository: Elasticsearch/OpenSearch never tag
   * blobs, but anyone allowed s3:PutObjectTagging can, and the rule then acts on them. Null when the
   * filter has no tags.
   */
  static String taggedOnly(Filter filter) {
    return filter.tags().isEmpty() ? null
        : "but only objects tagged " + new java.util.TreeMap<>(filter.tags()) + " (Elasticsearch/OpenSearch never tag"
            + " repository blobs, but anyone allowed s3:PutObjectTagging can)";
  }

  static boolean prefixOverlaps(String rulePrefix, String keyPrefix) {
    if (keyPrefix.isEmpty()) {
      return rulePrefix.isEmpty()
          || ROOT_KEY_PREFIXES.stream().anyMatch(p -> p.startsWith(rulePrefix) || rulePrefix.startsWith(p));
    }
    return rulePrefix.startsWith(keyPrefix) || keyPrefix.startsWith(rulePrefix);
  }

  private static String describeScope(Filter filter, String where) {
    StringBuilder scope = new StringBuilder();
    String prefix = filter.prefix() == null ? "" : filter.prefix();
    scope.append(prefix.isEmpty() ? "every key in the bucket, including " + where : "prefix '" + prefix + "', which overlaps " + where);
    if (filter.sizeGreaterThan() != null) {
      scope.append(", objects larger than ").append(filter.sizeGreaterThan()).append(" bytes");
    }
    if (filter.sizeLessThan() != null) {
      scope.append(", objects smaller than ").append(filter.sizeLessThan()).append(" bytes");
    }
    return scope.toString();
  }

  private static String repositoryDescription(String keyPrefix) {
    return keyPrefix.isEmpty() ? "the repository at the bucket root" : "the repository keys under '" + keyPrefix + "'";
  }

  private static String suggestedPrefix(String keyPrefix) {
    return keyPrefix.equals(SAFE_PREFIX_EXAMPLE) ? "tmp/auto-purge/" : SAFE_PREFIX_EXAMPLE;
  }
}
