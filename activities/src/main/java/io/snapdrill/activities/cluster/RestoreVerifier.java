package io.snapdrill.activities.cluster;

import io.snapdrill.activities.config.VerificationSpec.DocumentCountMode;
import io.snapdrill.activities.config.VerificationSpec.QueryCheck;
import io.snapdrill.activities.config.VerificationSpec;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.SampleDocument;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * VERIFY on the restore host: each restored index against what the snapshot held (document count,
 * mapping, sample documents, the cluster's queries), judged by the first of the cluster's
 * verification specs that matches it, and the restore cluster's health against the strictest
 * health a spec asks for.
 */
final class RestoreVerifier {
  private static final VerificationSpec DEFAULT_SPEC =
      new VerificationSpec("*", DocumentCountMode.EXACT, null, null, List.of(), true, true, List.of(), "yellow");

  private final ClusterConnection host;
  private final IndexProbe probe;
  private final List<VerificationSpec> specs;

  RestoreVerifier(ClusterConnection host, List<VerificationSpec> specs) {
    this.host = host;
    this.probe = new IndexProbe(host);
    this.specs = specs;
  }

  /**
   * @param targets original index name to restored name, for the indices selected for restore
   * @param log the verdicts a previous attempt left (their indices are not judged again); takes this attempt's
   */
  VerificationReport verify(SnapshotResult snapshot, Map<String, String> targets, VerdictLog log) {
    boolean exact = snapshot.expectationsExact();
    Set<String> judged = log.judged();
    host.beforeEachRequest(() -> Heartbeats.beat(log.progress()));
    String worstHealthRequired = "yellow";
    for (IndexExpectation expected : snapshot.expectations()) {
      String target = targets.get(expected.index());
      if (target == null) {
        continue; // not selected for restore
      }
      VerificationSpec spec = specFor(specs, expected.index());
      if ("green".equalsIgnoreCase(spec.clusterHealth())) {
        worstHealthRequired = "green";
      }
      if (!judged.contains(target)) {
        log.add(verdict(expected, target, spec, exact));
      }
    }
    String health = host.get("/_cluster/health").path("status").asText();
    List<String> problems = new ArrayList<>();
    if (rank(health) < rank(worstHealthRequired)) {
      problems.add("restore cluster health is " + health + ", at least " + worstHealthRequired + " is required");
    }
    return new VerificationReport(log.verdicts(), health, problems);
  }

  /** The first spec whose index pattern matches; without one, exact counts, mappings and samples. */
  static VerificationSpec specFor(List<VerificationSpec> specs, String index) {
    return specs.stream().filter(s -> IndexPatterns.matches(List.of(s.indices()), index)).findFirst().orElse(DEFAULT_SPEC);
  }

  private IndexVerdict verdict(IndexExpectation expected, String target, VerificationSpec spec, boolean exact) {
    List<String> reasons = new ArrayList<>();
    String shown = target.equals(expected.index()) ? target : target + " (restored from " + expected.index() + ")";
    if (host.send("HEAD", "/" + IndexProbe.path(target), null).status() != 200) {
      reasons.add("index " + shown + " was not restored");
      return new IndexVerdict(target, false, expected.documentCount(), 0, reasons);
    }
    probe.refresh(List.of(target));
    long actual = probe.count(target);
    countReason(spec, expected.documentCount(), actual, exact).ifPresent(r -> reasons.add(shown + " " + r));
    if (spec.requiredFields() != null && !spec.requiredFields().isEmpty()) {
      List<String> fields = probe.mappingFields(target);
      spec.requiredFields().stream().filter(f -> !fields.contains(f))
          .forEach(f -> reasons.add(shown + " mapping lacks required field '" + f + "'"));
    }
    if (!Boolean.FALSE.equals(spec.compareMapping())) {
      String fingerprint = probe.mappingFingerprint(target);
      if (!fingerprint.equals(expected.mappingFingerprint())) {
        reasons.add(shown + " mapping differs from the snapshot's (fingerprint " + shortHash(fingerprint) + ", expected "
            + shortHash(expected.mappingFingerprint()) + ")");
      }
    }
    if (!Boolean.FALSE.equals(spec.compareSamples()) && exact) {
      for (SampleDocument sample : expected.samples()) {
        Optional<String> hash = probe.sourceHash(target, sample.id());
        if (hash.isEmpty()) {
          reasons.add(shown + " lacks sample document '" + sample.id() + "'");
        } else if (!hash.get().equals(sample.sourceSha256())) {
          reasons.add(shown + " sample document '" + sample.id() + "' differs from the snapshot's");
        }
      }
    }
    for (QueryCheck query : spec.queries() == null ? List.<QueryCheck>of() : spec.queries()) {
      HttpResult result = host.send("POST", "/" + IndexProbe.path(target) + "/_count", "{\"query\":" + query.query() + "}");
      if (!result.ok()) {
        reasons.add(shown + " query '" + query.name() + "' failed: HTTP " + result.status() + ClusterConnection.errorReason(result.body()));
        continue;
      }
      long hits = host.parse(result.body()).path("count").asLong();
      if (query.minHits() != null && hits < query.minHits() || query.maxHits() != null && hits > query.maxHits()) {
        reasons.add(shown + " query '" + query.name() + "' matched " + hits + " documents, expected ["
            + (query.minHits() == null ? "0" : query.minHits()) + ", " + (query.maxHits() == null ? "∞" : query.maxHits()) + "]");
      }
    }
    return new IndexVerdict(target, reasons.isEmpty(), expected.documentCount(), actual, reasons);
  }

  /**
   * Inexact expectations were read after the snapshot (or while writes went on), so the recorded
   * count is an upper bound for append-only data and the exact check becomes "not more, not empty".
   */
  static Optional<String> countReason(VerificationSpec spec, long expected, long actual, boolean exact) {
    DocumentCountMode mode = spec.documentCount() == null ? DocumentCountMode.EXACT : spec.documentCount();
    return switch (mode) {
      case EXACT -> exact
          ? actual == expected ? Optional.empty() : Optional.of("has " + actual + " documents, the snapshot had " + expected)
          : actual <= expected && (actual > 0 || expected == 0) ? Optional.empty()
              : Optional.of("has " + actual + " documents, the source had " + expected + " after the snapshot");
      case TOLERANCE -> {
        double tolerance = spec.tolerancePercent() == null ? 0 : spec.tolerancePercent();
        double off = expected == 0 ? (actual == 0 ? 0 : 100) : 100.0 * Math.abs(actual - expected) / expected;
        yield off <= tolerance ? Optional.empty()
            : Optional.of(String.format(java.util.Locale.ROOT, "has %d documents, %.2f%% off the snapshot's %d (tolerance %.2f%%)",
                actual, off, expected, tolerance));
      }
      case MINIMUM -> {
        long minimum = spec.minimumDocuments() == null ? 1 : spec.minimumDocuments();
        yield actual >= minimum ? Optional.empty() : Optional.of("has " + actual + " documents, at least " + minimum + " required");
      }
    };
  }

  private static int rank(String health) {
    return switch (health == null ? "" : health.toLowerCase(java.util.Locale.ROOT)) {
      case "green" -> 2;
      case "yellow" -> 1;
      default -> 0;
    };
  }

  private static String shortHash(String hash) {
    return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
  }
}
