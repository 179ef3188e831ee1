package io.snapdrill.activities.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keys Elasticsearch and OpenSearch write under a repository's base path, and where a lifecycle
 * filter's prefix stands against them. A prefix is judged by these keys whether the repository lies
 * at the bucket root or under a base path: {@code es/foo/} cannot match a key of a repository at
 * {@code es/} any more than {@code foo/} can at the root.
 */
final class RepositoryKeys {
  /**
   * What BlobStoreRepository writes directly under the base path: the root {@code index-N} and
   * {@code index.latest}, {@code snap-*.dat} and {@code meta-*.dat}, everything of the indices under
   * {@code indices/}, the {@code tests-*} blobs of repository verification, and OpenSearch's
   * {@code snapshot_shard_paths/}.
   */
  static final List<String> TOP_LEVEL =
      List.of("index-", "index.latest", "indices/", "snap-", "meta-", "tests-", "snapshot_shard_paths/");

  /** Where a rule prefix stands against the repository. */
  enum Reach {
    /** matches no key the cluster writes */
    NONE,
    /** a proper prefix of the base path: the whole repository and keys beside it */
    ABOVE,
    /** the base path itself (or, for a repository at the root, the whole bucket) */
    WHOLE,
    /** below the base path and the start of some top-level names: the keys starting with them */
    PART,
    /** within one top-level name: repository keys only */
    INSIDE
  }

  private final String keyPrefix;

  /** @param keyPrefix the base path with a trailing slash, or "" at the bucket root */
  RepositoryKeys(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  Reach reach(String rulePrefix) {
    String prefix = rulePrefix == null ? "" : rulePrefix;
    if (prefix.equals(keyPrefix)) {
      return Reach.WHOLE;
    }
    if (keyPrefix.startsWith(prefix)) {
      return Reach.ABOVE;
    }
    if (!prefix.startsWith(keyPrefix)) {
      return Reach.NONE;
    }
    String relative = prefix.substring(keyPrefix.length());
    if (TOP_LEVEL.stream().anyMatch(relative::startsWith)) {
      return Reach.INSIDE;
    }
    return TOP_LEVEL.stream().anyMatch(t -> t.startsWith(relative)) ? Reach.PART : Reach.NONE;
  }

  /** "the repository at the bucket root" or "the repository keys under 'es/'". */
  String description() {
    return keyPrefix.isEmpty() ? "the repository at the bucket root" : "the repository keys under '" + keyPrefix + "'";
  }

  /** The repository's key beginnings that a rule prefix of reach PART or INSIDE takes in, quoted. */
  String covered(String rulePrefix) {
    String prefix = rulePrefix == null ? "" : rulePrefix;
    return quoted(TOP_LEVEL.stream().map(t -> keyPrefix + t)
        .filter(k -> k.startsWith(prefix) || prefix.startsWith(k)).toList());
  }

  /** Every key beginning the cluster writes under the base path, quoted. */
  String all() {
    return quoted(TOP_LEVEL.stream().map(t -> keyPrefix + t).toList());
  }

  /** Why a prefix of reach NONE cannot match the repository. */
  String whyNone(String rulePrefix) {
    String prefix = rulePrefix == null ? "" : rulePrefix;
    if (!prefix.startsWith(keyPrefix)) {
      return "its prefix '" + prefix + "' is outside the repository";
    }
    return "its prefix '" + prefix + "' matches no key Elasticsearch or OpenSearch writes "
        + (keyPrefix.isEmpty() ? "at the bucket root" : "under '" + keyPrefix + "'") + " (they all begin with one of "
        + all() + ")";
  }

  /**
   * How to narrow a filter of this prefix so that it keeps its purpose and leaves the repository
   * alone, derived from the prefix and the base path; null for reach INSIDE, where no narrower prefix
   * avoids the repository.
   *
   * @param what "rule" or "configuration", what the advice may multiply
   */
  String narrowing(String rulePrefix, String what) {
    String prefix = rulePrefix == null ? "" : rulePrefix;
    return switch (reach(prefix)) {
      case ABOVE -> {
        // a lifecycle filter has no "except": one filter per sibling of each directory on the way down
        List<String> path = new ArrayList<>();
        int from = prefix.length();
        while (from < keyPrefix.length()) {
          int slash = keyPrefix.indexOf('/', from);
          path.add(keyPrefix.substring(0, slash + 1));
          from = slash + 1;
        }
        StringBuilder advice = new StringBuilder("narrow it to the keys it was meant for, beside the repository"
            + " (a filter cannot leave a prefix out): one " + what + " per prefix that `aws s3api list-objects-v2"
            + " --bucket <bucket>" + (prefix.isEmpty() ? "" : " --prefix '" + prefix + "'") + " --delimiter /` lists for "
            + (prefix.isEmpty() ? "the whole bucket" : "prefix '" + prefix + "'") + ", except '" + path.get(0) + "'");
        for (int i = 1; i < path.size(); i++) {
          advice.append("; under '").append(path.get(i - 1)).append("', all but '").append(path.get(i)).append("'");
        }
        yield advice.toString();
      }
      case WHOLE -> "narrow it to the keys it was meant for: a prefix " + (keyPrefix.isEmpty() ? "" : "under '"
          + keyPrefix + "' ") + "that begins with none of " + all() + " (the only keys Elasticsearch and OpenSearch"
          + " write " + (keyPrefix.isEmpty() ? "at the bucket root" : "there") + ")";
      case PART -> "narrow it to the keys it was meant for: a prefix longer than '" + prefix
          + "' that begins with none of the repository's " + covered(prefix);
      case INSIDE, NONE -> null;
    };
  }

  /** Why no narrower prefix helps a rule of reach INSIDE. */
  String insideNote(String rulePrefix) {
    return "its prefix '" + rulePrefix + "' lies within the repository's own keys (" + covered(rulePrefix)
        + "), so no narrower prefix avoids them";
  }

  private static String quoted(List<String> keys) {
    return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
  }
}
