package io.snapdrill.activities.lifecycle;

import io.snapdrill.activities.lifecycle.LifecycleRuleSpec.Filter;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringFilter;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;

/**
 * Intelligent-Tiering's opt-in archive tiers (configured on the bucket, not in lifecycle rules) make
 * objects unreadable until restored, like Glacier: an enabled configuration with ARCHIVE_ACCESS or
 * DEEP_ARCHIVE_ACCESS that can match repository keys is a hazard for objects in INTELLIGENT_TIERING.
 */
public final class IntelligentTieringAnalyzer {

  private IntelligentTieringAnalyzer() {}

  public static List<LifecycleFinding> analyze(String bucket, String keyPrefix, List<IntelligentTieringConfiguration> configurations) {
    List<LifecycleFinding> findings = new ArrayList<>();
    for (IntelligentTieringConfiguration configuration : configurations) {
      String id = "intelligent-tiering:" + configuration.id();
      if (configuration.status() != IntelligentTieringStatus.ENABLED) {
        findings.add(new LifecycleFinding(bucket, id, LifecycleVerdict.SAFE, "the configuration is disabled", null));
        continue;
      }
      List<String> archives = configuration.tierings().stream()
          .map(t -> t.accessTierAsString() + " after " + LifecycleRuleSpec.days(t.days())).toList();
      Filter filter = filter(configuration.filter());
      String cannotMatch = LifecycleAnalyzer.whyCannotMatch(filter, keyPrefix);
      if (archives.isEmpty() || cannotMatch != null) {
        findings.add(new LifecycleFinding(bucket, id, LifecycleVerdict.SAFE,
            archives.isEmpty() ? "enables no archive tier" : "cannot match the repository: " + cannotMatch, null));
        continue;
      }
      RepositoryKeys keys = new RepositoryKeys(keyPrefix);
      String prefix = filter.prefix() == null ? "" : filter.prefix();
      String narrowing = keys.narrowing(prefix, "configuration");
      String scope = "configuration '" + configuration.id() + "': "
          + (narrowing != null ? narrowing + " (Filter.Prefix)" : keys.insideNote(prefix));
      String tagged = LifecycleAnalyzer.taggedOnly(filter);
      if (tagged != null) {
        findings.add(new LifecycleFinding(bucket, id, LifecycleVerdict.WARNING,
            "matches repository objects stored in INTELLIGENT_TIERING " + tagged + ", and then moves them to "
                + String.join(", ", archives) + " (archived objects cannot be read by a restore until each is restored)",
            scope + "; or deny s3:PutObjectTagging on " + keys.description()));
        continue;
      }
      findings.add(new LifecycleFinding(bucket, id, LifecycleVerdict.HAZARD,
          "moves repository objects stored in INTELLIGENT_TIERING to " + String.join(", ", archives)
              + " (archived objects cannot be read by a restore until each is restored)",
          scope + "; or remove its archive tierings"));
    }
    return findings;
  }

  private static Filter filter(IntelligentTieringFilter filter) {
    if (filter == null) {
      return Filter.ALL;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    if (filter.and() != null) {
      filter.and().tags().forEach(t -> tags.put(t.key(), t.value()));
      return new Filter(filter.and().prefix(), tags, null, null);
    }
    if (filter.tag() != null) {
      tags.put(filter.tag().key(), filter.tag().value());
    }
    return new Filter(filter.prefix(), tags, null, null);
  }

}
