package io.snapdrill.activities.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the auditor tells a reader, on lifecycle configurations shaped as {@code aws s3api
 * get-bucket-lifecycle-configuration} prints them (the AWS documentation's examples, in
 * {@code src/test/resources/lifecycle/}): the fix fits the bucket the rule is in, every harmful action
 * is named, and the reason reads as what S3 does.
 */
class LifecycleAdviceTest {

  private static List<LifecycleFinding> audit(String resource, String keyPrefix) {
    try (InputStream in = LifecycleAdviceTest.class.getResourceAsStream("/lifecycle/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      return LifecycleAnalyzer.analyze("b", keyPrefix,
          LifecycleRules.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LifecycleFinding rule(String json, String keyPrefix) {
    return LifecycleAnalyzer.analyze("b", keyPrefix, LifecycleRules.fromJson("{\"Rules\":[" + json + "]}")).get(0);
  }

  @Test
  void aRuleThatExpiresAndArchivesIsToldToDropBoth() {
    // the documentation's "tiering down" rule, over a bucket whose snapshots live under logs/snapshots/
    LifecycleFinding f = audit("tiering-down-with-expiration.json", "logs/snapshots/").get(0);
    assertThat(f.verdict()).isEqualTo(LifecycleVerdict.HAZARD);
    assertThat(f.reason()).contains("after 365 days").contains("GLACIER after 90 days");
    assertThat(f.fix()).contains("Expiration").contains("Transition to GLACIER").doesNotContain("STANDARD_IA");
  }

  @Test
  void theFixIsDerivedFromTheRuleAndTheRepositoryNeverFromAnExampleName() {
    // prefix logs/ above the repository logs/snapshots/: keep the rule on what sits beside the repository
    LifecycleFinding above = audit("tiering-down-with-expiration.json", "logs/snapshots/").get(0);
    assertThat(above.fix()).doesNotContain("auto-purge").contains("'logs/'").contains("except 'logs/snapshots/'");

    // the whole bucket, repository two levels down: each level names what to leave out
    LifecycleFinding whole = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{},\"Expiration\":{\"Days\":7}}",
        "snapshots/prod/");
    assertThat(whole.fix()).doesNotContain("auto-purge").contains("except 'snapshots/'")
        .contains("under 'snapshots/', all but 'snapshots/prod/'");

    // a rule inside the repository's own keys has nothing to be scoped to: the cluster deletes snapshots
    LifecycleFinding inside = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"es/indices/\"},"
        + "\"Expiration\":{\"Days\":30}}", "es/");
    assertThat(inside.verdict()).isEqualTo(LifecycleVerdict.HAZARD);
    assertThat(inside.fix()).doesNotContain("auto-purge").contains("delete rule 'x'").contains("snapshot lifecycle");

    // the whole bucket over a repository at the root: name the keys the repository writes
    LifecycleFinding root = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{},\"Expiration\":{\"Days\":7}}", "");
    assertThat(root.fix()).doesNotContain("auto-purge").contains("'indices/'").contains("'snap-'").contains("'index-'");

    // a prefix that only starts like repository keys: narrow it
    LifecycleFinding part = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"es/ind\"},"
        + "\"Expiration\":{\"Days\":7}}", "es/");
    assertThat(part.verdict()).isEqualTo(LifecycleVerdict.HAZARD);
    assertThat(part.fix()).doesNotContain("auto-purge").contains("'es/index-'").contains("'es/indices/'")
        .doesNotContain("'es/snap-'");
  }

  @Test
  void aSizeRangeReadsAsOneIntersection() {
    LifecycleFinding f = audit("size-range-and-prefix.json", "tax/es/").get(0);
    assertThat(f.verdict()).isEqualTo(LifecycleVerdict.HAZARD);
    assertThat(f.reason()).contains("every object larger than 500 bytes and smaller than 64000 bytes under prefix 'tax/'")
        .doesNotContain("every key").doesNotContain(", objects larger than").doesNotContain(", objects smaller than");
  }

  @Test
  void theIntelligentTieringWarningAdvisesOnTiering() {
    LifecycleFinding f = audit("intelligent-tiering-whole-bucket.json", "snapshots/").get(0);
    assertThat(f.verdict()).isEqualTo(LifecycleVerdict.WARNING);
    assertThat(f.fix()).contains("ARCHIVE_ACCESS").contains("DEEP_ARCHIVE_ACCESS").doesNotContainIgnoringCase("noncurrent")
        .doesNotContain("auto-purge");
  }

  @Test
  void healingIsExplainedWhereItFirstAppearsAndOneDayIsOneDay() {
    LifecycleFinding f = audit("versioned-one-day.json", "snapshots/").get(0);
    assertThat(f.verdict()).isEqualTo(LifecycleVerdict.HAZARD);
    String reason = f.reason();
    int firstHealing = reason.indexOf("heal");
    assertThat(firstHealing).isPositive();
    assertThat(reason.substring(firstHealing)).startsWith("healing (removing the delete marker");
    assertThat(reason.indexOf("removing the delete marker")).isEqualTo(reason.lastIndexOf("removing the delete marker"));
    assertThat(reason + " " + f.fix()).doesNotContain("1 days").contains("after 1 day");
    assertThat(f.fix()).contains("Expiration").doesNotContain("1 days");
  }

  @Test
  void theExpiryNoteSaysWhatHappensOnAnUnversionedBucket() {
    LifecycleFinding f = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{},\"Expiration\":{\"Days\":7}}", "snapshots/");
    assertThat(f.reason()).contains("delete marker").contains("on an unversioned bucket").contains("deleted outright");
  }

  @Test
  void theCliReferenceExampleNamesPlainDaysAndDates() {
    List<LifecycleFinding> findings = audit("cli-reference-rotated-logs.json", "snapshots/");
    assertThat(findings).extracting(LifecycleFinding::verdict)
        .containsExactly(LifecycleVerdict.SAFE, LifecycleVerdict.WARNING);
    assertThat(findings.get(1).reason()).contains("after 2 days");
    assertThat(findings.get(1).fix()).doesNotContain("auto-purge").contains("except 'snapshots/'");
  }

  /**
   * Elasticsearch and OpenSearch write, under a repository's base path, only index-N, index.latest,
   * snap-*.dat, meta-*.dat, indices/..., tests-* (repository verification) and, on OpenSearch,
   * snapshot_shard_paths/: a rule prefix below the base path is judged by those keys, exactly as the
   * same prefix is for a repository at the bucket root.
   */
  @ParameterizedTest(name = "''{0}'' under es/ is judged as ''{0}'' at the root")
  @ValueSource(strings = {"foo/", "logs/", "temp/", "x", "snapshots/", "indices/", "indices/abc/", "indices", "ind",
      "i", "index-", "index-5", "index.latest", "index", "snap", "snap-", "snap-abc.dat", "meta-", "m", "tests-",
      "tests-abc/", "snapshot_shard_paths/", "s", ""})
  void aPrefixInsideTheRepositoryIsJudgedByTheKeysTheClusterWrites(String relative) {
    String json = "{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"%s\"},\"Expiration\":{\"Days\":7}}";
    LifecycleFinding nested = rule(json.formatted("es/" + relative), "es/");
    LifecycleFinding atRoot = rule(json.formatted(relative), "");
    assertThat(nested.verdict()).as(nested.reason()).isEqualTo(atRoot.verdict());
  }

  @Test
  void aPrefixInsideTheBasePathThatNoClusterKeyStartsWithIsSafeAndSaysWhy() {
    LifecycleFinding f = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"es/foo/\"},"
        + "\"Expiration\":{\"Days\":7}}", "es/");
    assertThat(f.verdict()).isEqualTo(LifecycleVerdict.SAFE);
    assertThat(f.reason()).contains("'es/foo/'").contains("no key Elasticsearch or OpenSearch writes");
    // and the real hazards stay hazards
    for (String prefix : List.of("es/", "es/indices/", "es/snap", "es/index-", "es/meta-", "e", "")) {
      LifecycleFinding hazard = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"" + prefix
          + "\"},\"Expiration\":{\"Days\":7}}", "es/");
      assertThat(hazard.verdict()).as(prefix).isEqualTo(LifecycleVerdict.HAZARD);
    }
  }

  /** The key list is checked against what real nodes wrote: every key of their repositories is taken in. */
  @ParameterizedTest
  @ValueSource(strings = {FixtureRepositories.ELASTICSEARCH, FixtureRepositories.OPENSEARCH})
  void everyKeyARealNodeWroteIsARepositoryKey(String name) throws IOException {
    Path repository = FixtureRepositories.path(name);
    List<String> keys;
    try (Stream<Path> files = Files.walk(repository)) {
      keys = files.filter(Files::isRegularFile).map(f -> "es/" + repository.relativize(f).toString().replace('\\', '/'))
          .filter(k -> !k.equals("es/README.md")).toList();
    }
    assertThat(keys).hasSizeGreaterThan(30);
    RepositoryKeys repositoryKeys = new RepositoryKeys("es/");
    // repository verification writes tests-<seed>/master.dat and tests-<seed>/data-<node>.dat, then deletes them
    for (String key : Stream.concat(keys.stream(), Stream.of("es/tests-5f9a/master.dat", "es/tests-5f9a/data-node1.dat")).toList()) {
      assertThat(repositoryKeys.reach(key)).as(key).isEqualTo(RepositoryKeys.Reach.INSIDE);
      LifecycleFinding f = rule("{\"ID\":\"x\",\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"" + key
          + "\"},\"Expiration\":{\"Days\":7}}", "es/");
      assertThat(f.verdict()).as(key).isEqualTo(LifecycleVerdict.HAZARD);
    }
  }

  /**
   * The S3 user guide's example rules, in one configuration, over a repository at logs/es/ and one at
   * the bucket root: the verdicts, and advice that names its rule and never an example prefix.
   */
  @Test
  void theUserGuideExamples() {
    List<LifecycleFinding> nested = audit("user-guide-examples.json", "logs/es/");
    assertThat(nested).extracting(LifecycleFinding::verdict).containsExactly(
        LifecycleVerdict.HAZARD, // everything to GLACIER at once
        LifecycleVerdict.HAZARD, // logs/ to GLACIER: holds logs/es/
        LifecycleVerdict.SAFE, // disabled
        LifecycleVerdict.SAFE, // classA/
        LifecycleVerdict.SAFE, // classB/
        LifecycleVerdict.WARNING, // noncurrent versions archived and expired
        LifecycleVerdict.WARNING, // noncurrent versions expired
        LifecycleVerdict.SAFE, // multipart only
        LifecycleVerdict.SAFE, // GLACIER_IR stays readable
        LifecycleVerdict.WARNING); // noncurrent versions expired; a size range does not keep a rule out
    List<LifecycleFinding> root = audit("user-guide-examples.json", "");
    assertThat(root).extracting(LifecycleFinding::verdict).containsExactly(
        LifecycleVerdict.HAZARD, LifecycleVerdict.SAFE, LifecycleVerdict.SAFE, LifecycleVerdict.SAFE,
        LifecycleVerdict.SAFE, LifecycleVerdict.SAFE, LifecycleVerdict.SAFE, LifecycleVerdict.SAFE,
        LifecycleVerdict.SAFE, LifecycleVerdict.WARNING);
    assertThat(nested.get(0).reason()).contains("GLACIER at once (Days 0)");
    assertThat(nested.get(0).fix()).contains("drop its Transition to GLACIER").doesNotContain("Expiration")
        .contains("except 'logs/'").contains("under 'logs/', all but 'logs/es/'");
    assertThat(nested.get(5).fix()).contains("STANDARD_IA, GLACIER_IR").contains("except 'logs/es/'");
    for (LifecycleFinding f : Stream.concat(nested.stream(), root.stream()).toList()) {
      assertThat(f.reason()).doesNotContain(" 1 days").doesNotContain(" 0 days");
      if (f.fix() != null) {
        assertThat(f.fix()).contains("'" + f.ruleId() + "'").doesNotContain("auto-purge").doesNotContain(" 1 days");
      }
    }
  }
}
