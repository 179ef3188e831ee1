package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HclParseTest {

  /** Fails naming every file that does not parse, with the parser's message (file:line,column). */
  static void assertAllParse(List<HclParser.ParsedFile> files) {
    List<String> failures = files.stream()
        .filter(f -> !f.parsed())
        .map(f -> f.file() + ": " + f.error())
        .toList();
    if (!failures.isEmpty()) {
      throw new AssertionError("these .tf files do not parse:\n  " + String.join("\n  ", failures));
    }
  }

  @Test
  void everyTerraformFileParses() {
    TerraformTree tree = TerraformTree.shared();

    assertAllParse(tree.files());
    assertThat(tree.moduleNames()).containsExactlyInAnyOrder(
        "examples/complete", "modules/iam", "modules/report-bucket", "modules/restore-host", "modules/snapshot-buckets",
        "modules/snapshot-events");
    // every .tf file on disk went through the parser (none skipped by accident)
    assertThat(tree.files()).hasSameSizeAs(TerraformTree.tfFiles(tree.root()));
  }

  @Test
  void aFileThatDoesNotParseFailsTheCheckNamingTheFile(@TempDir Path dir) throws IOException {
    Path good = Files.writeString(dir.resolve("good.tf"), "variable \"x\" {\n  default = \"a\"\n}\n");
    Path broken = Files.writeString(dir.resolve("broken.tf"),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n");

    List<HclParser.ParsedFile> parsed = HclParser.fromBuild().parse(TerraformTree.tfFiles(dir));

    assertThat(parsed).hasSize(2);
    assertThatThrownBy(() -> assertAllParse(parsed))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("broken.tf:2")
        .hasMessageNotContaining(good.toString());
  }
}
