package io.snapdrill.activities.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule shapes (as the AWS CLI prints them) and the verdict for a repository under a prefix. */
class LifecycleAnalyzerTest {
  private static final String REPO = "snapshots/prod/";

  static Stream<Arguments> ruleShapes() {
    return Stream.of(
        // filter kinds, with a 7-day expiration
        shape("whole bucket, empty Filter", "{\"Filter\":{},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("no Filter at all", "{\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("Filter.Prefix empty", "{\"Filter\":{\"Prefix\":\"\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("Filter.Prefix auto-purge/", "{\"Filter\":{\"Prefix\":\"auto-purge/\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("Filter.Prefix parent of repository", "{\"Filter\":{\"Prefix\":\"snapshots/\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("Filter.Prefix inside repository", "{\"Filter\":{\"Prefix\":\"snapshots/prod/indices/\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("Filter.Prefix under the repository, no key the cluster writes", "{\"Filter\":{\"Prefix\":\"snapshots/prod/scratch/\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("Filter.Prefix under the repository, root blobs", "{\"Filter\":{\"Prefix\":\"snapshots/prod/snap-\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("Filter.Prefix sibling sharing letters", "{\"Filter\":{\"Prefix\":\"snapshots/prod-old/\"},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("legacy rule Prefix covering", "{\"Prefix\":\"snapshots\",\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("legacy rule Prefix elsewhere", "{\"Prefix\":\"logs/\",\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        // Elasticsearch never tags blobs, but anyone with s3:PutObjectTagging can: a warning, not safe
        shape("Filter.Tag", "{\"Filter\":{\"Tag\":{\"Key\":\"purge\",\"Value\":\"yes\"}},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.WARNING),
        shape("And prefix+tags", "{\"Filter\":{\"And\":{\"Prefix\":\"snapshots/\",\"Tags\":[{\"Key\":\"tmp\",\"Value\":\"1\"}]}},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.WARNING),
        shape("And other prefix+tags", "{\"Filter\":{\"And\":{\"Prefix\":\"logs/\",\"Tags\":[{\"Key\":\"tmp\",\"Value\":\"1\"}]}},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("Filter.Tag, multipart abort only", "{\"Filter\":{\"Tag\":{\"Key\":\"purge\",\"Value\":\"yes\"}},\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("And prefix+size greater", "{\"Filter\":{\"And\":{\"Prefix\":\"snapshots/\",\"ObjectSizeGreaterThan\":1048576}},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("And size range empty", "{\"Filter\":{\"And\":{\"ObjectSizeGreaterThan\":1000,\"ObjectSizeLessThan\":500}},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("ObjectSizeLessThan", "{\"Filter\":{\"ObjectSizeLessThan\":131072},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("ObjectSizeGreaterThan", "{\"Filter\":{\"ObjectSizeGreaterThan\":131072},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.HAZARD),
        shape("disabled", "{\"Status\":\"Disabled\",\"Filter\":{},\"Expiration\":{\"Days\":7}}", REPO, LifecycleVerdict.SAFE),
        // action kinds, on the whole bucket
        shape("Expiration.Date", "{\"Filter\":{},\"Expiration\":{\"Date\":\"2027-01-01T00:00:00Z\"}}", REPO, LifecycleVerdict.HAZARD),
        shape("transition GLACIER", "{\"Filter\":{},\"Transitions\":[{\"Days\":30,\"StorageClass\":\"GLACIER\"}]}", REPO, LifecycleVerdict.HAZARD),
        shape("transition DEEP_ARCHIVE", "{\"Filter\":{},\"Transitions\":[{\"Days\":90,\"StorageClass\":\"DEEP_ARCHIVE\"}]}", REPO, LifecycleVerdict.HAZARD),
        shape("transition GLACIER_IR", "{\"Filter\":{},\"Transitions\":[{\"Days\":30,\"StorageClass\":\"GLACIER_IR\"}]}", REPO, LifecycleVerdict.SAFE),
        shape("transition STANDARD_IA", "{\"Filter\":{},\"Transitions\":[{\"Days\":30,\"StorageClass\":\"STANDARD_IA\"}]}", REPO, LifecycleVerdict.SAFE),
        shape("transition INTELLIGENT_TIERING", "{\"Filter\":{},\"Transitions\":[{\"Days\":0,\"StorageClass\":\"INTELLIGENT_TIERING\"}]}", REPO, LifecycleVerdict.WARNING),
        shape("NoncurrentVersionExpiration", "{\"Filter\":{},\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":30}}", REPO, LifecycleVerdict.WARNING),
        shape("NoncurrentVersionTransition GLACIER", "{\"Filter\":{},\"NoncurrentVersionTransitions\":[{\"NoncurrentDays\":30,\"StorageClass\":\"GLACIER\"}]}", REPO, LifecycleVerdict.WARNING),
        shape("NoncurrentVersionExpiration elsewhere", "{\"Filter\":{\"Prefix\":\"auto-purge/\"},\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":30}}", REPO, LifecycleVerdict.SAFE),
        shape("ExpiredObjectDeleteMarker", "{\"Filter\":{},\"Expiration\":{\"ExpiredObjectDeleteMarker\":true}}", REPO, LifecycleVerdict.SAFE),
        shape("AbortIncompleteMultipartUpload", "{\"Filter\":{},\"AbortIncompleteMultipartUpload\":{\"DaysAfterInitiation\":7}}", REPO, LifecycleVerdict.SAFE),
        shape("hazard wins over warning", "{\"Filter\":{},\"Expiration\":{\"Days\":7},\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":1}}", REPO, LifecycleVerdict.HAZARD),
        // repository at the bucket root
        shape("root repository, auto-purge/", "{\"Filter\":{\"Prefix\":\"auto-purge/\"},\"Expiration\":{\"Days\":7}}", "", LifecycleVerdict.SAFE),
        shape("root repository, prefix 'ind'", "{\"Filter\":{\"Prefix\":\"ind\"},\"Expiration\":{\"Days\":7}}", "", LifecycleVerdict.HAZARD),
        shape("root repository, indices/ subtree", "{\"Filter\":{\"Prefix\":\"indices/abc/\"},\"Expiration\":{\"Days\":7}}", "", LifecycleVerdict.HAZARD),
        shape("root repository, whole bucket", "{\"Filter\":{},\"Expiration\":{\"Days\":7}}", "", LifecycleVerdict.HAZARD));
  }

  private static Arguments shape(String name, String ruleJson, String repoPrefix, LifecycleVerdict verdict) {
    String rule = ruleJson.contains("\"Status\"") ? ruleJson : ruleJson.replaceFirst("\\{", "{\"Status\":\"Enabled\",");
    rule = rule.replaceFirst("\\{", "{\"ID\":\"" + name + "\",");
    return Arguments.of(name, "{\"Rules\":[" + rule + "]}", repoPrefix, verdict);
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("ruleShapes")
  void verdictPerRuleShape(String name, String json, String repoPrefix, LifecycleVerdict verdict) {
    List<LifecycleFinding> findings = LifecycleAnalyzer.analyze("primary-bucket", repoPrefix, LifecycleRules.fromJson(json));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.verdict()).as(f.reason()).isEqualTo(verdict);
      assertThat(f.ruleId()).isEqualTo(name);
      assertThat(f.bucket()).isEqualTo("primary-bucket");
      assertThat(f.reason()).isNotBlank();
      if (verdict == LifecycleVerdict.SAFE) {
        assertThat(f.fix()).isNull();
      } else {
        // the fix names the rule and is derived from the rule and the repository, not from an example name
        assertThat(f.fix()).contains(name).doesNotContain("auto-purge/");
      }
    });
  }

  @Test
  void hazardSaysWhyAndHowToFix() {
    LifecycleFinding finding = LifecycleAnalyzer.analyze("b", REPO, LifecycleRules.fromJson(
        "{\"Rules\":[{\"ID\":\"expire-7d\",\"Status\":\"Enabled\",\"Filter\":{},\"Expiration\":{\"Days\":7}}]}")).get(0);
    assertThat(finding.reason()).contains("every key in the bucket").contains("snapshots/prod/").contains("after 7 days");
    assertThat(finding.fix()).contains("rule 'expire-7d'").contains("except 'snapshots/'")
        .contains("under 'snapshots/', all but 'snapshots/prod/'").contains("drop its Expiration");
  }

  @Test
  void tagFilteredExpirationSaysWhoCouldTagBlobs() {
    LifecycleFinding finding = LifecycleAnalyzer.analyze("b", REPO, LifecycleRules.fromJson(
        "{\"Rules\":[{\"ID\":\"purge-tagged\",\"Status\":\"Enabled\",\"Filter\":{\"Tag\":{\"Key\":\"purge\","
            + "\"Value\":\"yes\"}},\"Expiration\":{\"Days\":7}}]}")).get(0);
    assertThat(finding.reason()).contains("only objects tagged {purge=yes}").contains("s3:PutObjectTagging")
        .contains("after 7 days");
  }

  @Test
  void badJsonNamesTheField() {
    String rules = "{\"Rules\":[{\"ID\":\"a\",\"Status\":\"Enabled\",\"Filter\":{}},"
        + "{\"ID\":\"b\",\"Status\":\"Enabled\",\"Filter\":{}},"
        + "{\"ID\":\"c\",\"Status\":\"Enabled\",\"Filter\":{\"And\":\"snapshots/\"}}]}";
    assertThatThrownBy(() -> LifecycleRules.fromJson(rules))
        .isInstanceOf(LifecycleRules.InvalidLifecycleJson.class)
        .hasMessageStartingWith("Rules[2].Filter.And: ");
    assertThatThrownBy(() -> LifecycleRules.fromJson("{\"Rules\":[{\"ID\":\"a\",\"Filter\":{}}]}"))
        .hasMessageStartingWith("Rules[0].Status: missing");
    assertThatThrownBy(() -> LifecycleRules.fromJson("{\"Rules\":[{\"Status\":\"On\"}]}"))
        .hasMessageStartingWith("Rules[0].Status: 'On'");
    assertThatThrownBy(() -> LifecycleRules.fromJson(
            "{\"Rules\":[{\"Status\":\"Enabled\",\"Filter\":{\"Prefix\":\"a\",\"Tag\":{\"Key\":\"k\",\"Value\":\"v\"}}}]}"))
        .hasMessageStartingWith("Rules[0].Filter: holds more than one");
    assertThatThrownBy(() -> LifecycleRules.fromJson(
            "{\"Rules\":[{\"Status\":\"Enabled\",\"Transitions\":[{\"Days\":3}]}]}"))
        .hasMessageStartingWith("Rules[0].Transitions[0].StorageClass: missing");
    assertThatThrownBy(() -> LifecycleRules.fromJson(
            "{\"Rules\":[{\"Status\":\"Enabled\",\"Expiration\":{\"Days\":\"seven\"}}]}"))
        .hasMessageStartingWith("Rules[0].Expiration.Days: ");
    assertThatThrownBy(() -> LifecycleRules.fromJson("{\"Rules\": [ {"))
        .hasMessageStartingWith("not valid JSON at line 1");
    assertThatThrownBy(() -> LifecycleRules.fromJson("{\"rules\":[]}"))
        .hasMessageStartingWith("Rules: missing");
  }
}
