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
 * <p>A rule's prefix is judged by the keys Elasticsearch and OpenSearch write under the base path
 * ({@link RepositoryKeys}), the same way for a repository at the bucket root and one under a base
 * path. Hazards: expiring current versions (on a versioned bucket that lays delete markers over blobs
 * that every later snapshot shares; on an unversioned one it deletes them) and transitions to storage
 * classes a restore cannot read without a RestoreObject first (Glacier Flexible Retrieval, Deep
 * Archive). A rule that acts only on tagged objects is a warning whatever it does (blobs are untagged
 * until someone tags them). Glacier Instant Retrieval and the infrequent-access classes stay readable.
 * Warnings: noncurrent-version expiry or archiving (they destroy what healing a delete marker brings
 * back) and Intelligent-Tiering (readable unless the bucket opts into its archive tiers). Harmless:
 * expired-delete-marker cleanup and aborting incomplete multipart uploads.
 *
 * <p>The fix is derived from the rule's own prefix and the repository's base path (which prefixes to
 * keep, which to leave out), never from an example name: a name that fits one bucket can be a
 * repository's path in another.
 */
public final class LifecycleAnalyzer {
  private static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");
  private static final Set<String> READABLE_CLASSES =
      Set.of("STANDARD", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "REDUCED_REDUNDANCY");

  /** Said where "healing" first appears in a finding: the reader may never have healed anything. */
  static final String HEALING_EXPLAINED =
      "healing (removing the delete marker over a blob, so that the version under it is current again)";

  private static final String CLUSTER_DELETES_SNAPSHOTS = "to delete old snapshots, let the cluster do it"
      + " (snapshot lifecycle management retention in Elasticsearch, Snapshot Management in OpenSearch):"
      + " it deletes only the blobs no remaining snapshot needs";

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
    RepositoryKeys keys = new RepositoryKeys(keyPrefix);
    String where = keys.description();
    if (!rule.enabled()) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.SAFE, "the rule is disabled", null);
    }
    String cannotMatch = whyCannotMatch(rule.filter(), keyPrefix);
    if (cannotMatch != null) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.SAFE,
          "cannot match " + where + ": " + cannotMatch, null);
    }
    String scope = "matches " + describeScope(rule.filter(), keys);
    String healing = HEALING_EXPLAINED;

    List<String> hazards = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> warningFixes = new ArrayList<>();
    List<String> harmless = new ArrayList<>();
    var expiration = rule.expiration();
    if (expiration != null && expiration.expiresCurrentVersions()) {
      hazards.add("expires current versions " + (expiration.days() != null ? "after " + LifecycleRuleSpec.days(expiration.days())
          : "on " + expiration.date())
          + " (on a versioned bucket that lays a delete marker over each blob, and old blobs are shared by every"
          + " later snapshot; on an unversioned bucket the blob is deleted outright)");
      removals.add("its Expiration");
    }
    if (expiration != null && expiration.expiredObjectDeleteMarker()) {
      harmless.add("removes expired delete markers");
    }
    for (Transition t : rule.transitions()) {
      String cls = t.storageClass() == null ? "" : t.storageClass().toUpperCase(Locale.ROOT);
      if (ARCHIVE_CLASSES.contains(cls)) {
        hazards.add("moves current versions to " + cls + " " + t.when()
            + " (archived objects cannot be read by a restore until each is restored with RestoreObject)");
        addOnce(removals, "its Transition to " + cls);
      } else if ("INTELLIGENT_TIERING".equals(cls)) {
        warnings.add("moves current versions to INTELLIGENT_TIERING " + t.when()
            + " (readable unless the bucket's Intelligent-Tiering configuration enables the archive tiers for these keys)");
        addOnce(warningFixes, "make sure no Intelligent-Tiering configuration of the bucket (`aws s3api"
            + " list-bucket-intelligent-tiering-configurations --bucket <bucket>`) turns on ARCHIVE_ACCESS or"
            + " DEEP_ARCHIVE_ACCESS for these keys (a drill's storage audit reads them; the offline audit cannot),"
            + " or transition to STANDARD_IA or GLACIER_IR, which always stay readable");
      } else if (READABLE_CLASSES.contains(cls)) {
        harmless.add("moves current versions to " + cls + " " + t.when() + " (stays instantly readable)");
      } else {
        warnings.add("moves current versions to unknown storage class '" + t.storageClass() + "' " + t.when());
        addOnce(warningFixes, "check that storage class '" + t.storageClass() + "' can be read without a RestoreObject");
      }
    }
    if (rule.noncurrentExpirationDays() != null) {
      warnings.add("expires noncurrent versions after " + LifecycleRuleSpec.days(rule.noncurrentExpirationDays())
          + ", which destroys what " + healing + " brings back");
      healing = "healing";
      addOnce(warningFixes, "keep noncurrent versions for longer than a delete marker can go unnoticed (at least the"
          + " time between two drills)");
    }
    for (Transition t : rule.noncurrentTransitions()) {
      String cls = t.storageClass() == null ? "" : t.storageClass().toUpperCase(Locale.ROOT);
      if (ARCHIVE_CLASSES.contains(cls)) {
        warnings.add("moves noncurrent versions to " + cls + " " + t.when()
            + ", so a blob that " + healing + " brings back would be archived and unreadable");
        healing = "healing";
        addOnce(warningFixes, "move noncurrent versions to a class that stays readable (STANDARD_IA, GLACIER_IR), or"
            + " only after longer than a delete marker can go unnoticed");
      }
    }
    if (rule.abortIncompleteMultipartDays() != null) {
      harmless.add("aborts incomplete multipart uploads after " + LifecycleRuleSpec.days(rule.abortIncompleteMultipartDays()));
    }

    String prefix = rule.filter().prefix() == null ? "" : rule.filter().prefix();
    RepositoryKeys.Reach reach = keys.reach(prefix);
    String narrowing = keys.narrowing(prefix, "rule");
    String tagged = taggedOnly(rule.filter());
    if (tagged != null && !(hazards.isEmpty() && warnings.isEmpty())) {
      List<String> actions = new ArrayList<>(hazards);
      actions.addAll(warnings);
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.WARNING,
          scope + ", " + tagged + ", and then " + String.join("; ", actions),
          "rule '" + rule.id() + "': deny s3:PutObjectTagging on " + where
              + (narrowing != null ? ", or keep its Tags in a Filter.And and " + narrowing
                  : ", or delete the rule: " + keys.insideNote(prefix)));
    }
    if (!hazards.isEmpty()) {
      String drop = "drop " + joinAnd(removals);
      // a rule over the repository's own keys that expires them was most likely meant to delete old snapshots
      String snapshots = removals.contains("its Expiration") ? "; " + CLUSTER_DELETES_SNAPSHOTS : "";
      String fix = switch (reach) {
        case INSIDE -> "delete rule '" + rule.id() + "' (or " + drop + "): " + keys.insideNote(prefix) + snapshots;
        case WHOLE -> "rule '" + rule.id() + "': " + narrowing + "; or " + drop + " (or the whole rule)" + snapshots;
        default -> "rule '" + rule.id() + "': " + narrowing + "; or " + drop + " (or the whole rule)";
      };
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.HAZARD,
          scope + ", and " + String.join("; ", hazards)
              + (warnings.isEmpty() ? "" : "; it also " + String.join("; ", warnings)),
          fix + (warningFixes.isEmpty() ? "" : "; besides, " + String.join("; ", warningFixes)));
    }
    if (!warnings.isEmpty()) {
      return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.WARNING,
          scope + ", and " + String.join("; ", warnings),
          "rule '" + rule.id() + "': " + String.join("; ", warningFixes)
              + (narrowing != null ? "; or " + narrowing : ""));
    }
    return new LifecycleFinding(bucket, rule.id(), LifecycleVerdict.SAFE,
        scope + (harmless.isEmpty() ? ", but has no action that touches current versions"
            : ", but only " + String.join("; ", harmless)),
        null);
  }

  /** Why the filter can never match a repository key, or null when it can. */
  static String whyCannotMatch(Filter filter, String keyPrefix) {
    RepositoryKeys keys = new RepositoryKeys(keyPrefix);
    String rulePrefix = filter.prefix() == null ? "" : filter.prefix();
    if (keys.reach(rulePrefix) == RepositoryKeys.Reach.NONE) {
      return keys.whyNone(rulePrefix);
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

  /**
   * The keys a filter takes in, read as S3 applies it: one set, the intersection of the prefix and
   * the size range.
   */
  static String describeScope(Filter filter, RepositoryKeys keys) {
    String prefix = filter.prefix() == null ? "" : filter.prefix();
    String size = sizeRange(filter);
    String subject = size.isEmpty() ? "every key" : "every object " + size;
    String scope = switch (keys.reach(prefix)) {
      case ABOVE, WHOLE -> prefix.isEmpty() ? subject + " in the bucket, including " + keys.description()
          : subject + " under prefix '" + prefix + "', which holds " + keys.description();
      case PART -> subject + " starting '" + prefix + "', which takes in the repository's keys starting " + keys.covered(prefix);
      case INSIDE, NONE -> subject + " starting '" + prefix + "', all of them among " + keys.description();
    };
    // a size filter narrows but does not avoid: data blobs run up to the chunk size, metadata blobs are small
    return size.isEmpty() ? scope : scope + " (a repository holds blobs of every size, so a size range does not keep it out)";
  }

  private static String sizeRange(Filter filter) {
    Long above = filter.sizeGreaterThan();
    Long below = filter.sizeLessThan();
    if (above != null && below != null) {
      return "larger than " + bytes(above) + " and smaller than " + bytes(below);
    }
    if (above != null) {
      return "larger than " + bytes(above);
    }
    return below != null ? "smaller than " + bytes(below) : "";
  }

  /** Bytes as S3 takes them, with the binary unit when the number is a whole one (131072 bytes (128 KiB)). */
  static String bytes(long n) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    long value = n;
    String unit = null;
    for (String u : units) {
      if (value < 1024 || value % 1024 != 0) {
        break;
      }
      value /= 1024;
      unit = u;
    }
    return n + (n == 1 ? " byte" : " bytes") + (unit == null ? "" : " (" + value + " " + unit + ")");
  }

  private static void addOnce(List<String> list, String item) {
    if (!list.contains(item)) {
      list.add(item);
    }
  }

  /** "a", "a and b", "a, b and c". */
  private static String joinAnd(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }
}
