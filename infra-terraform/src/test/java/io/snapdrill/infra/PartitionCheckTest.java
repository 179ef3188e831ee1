package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every ARN and service endpoint the modules build comes from the partition (aws, aws-cn, aws-us-gov):
 * a literal "arn:aws:" or ".amazonaws.com" endpoint grants nothing in another partition, and the
 * policy quietly never matches.
 */
class PartitionCheckTest {
  private static final Pattern LITERAL_ARN = Pattern.compile("arn:aws:");

  @Test
  void noModuleWritesAnArnOrAnEndpointForOnePartition() {
    List<String> violations = new ArrayList<>();
    for (HclParser.ParsedFile file : TerraformTree.shared().files()) {
      violations.addAll(literalArns(TerraformTree.shared().root().relativize(file.file()).toString(), read(file.file())));
    }
    for (String name : TerraformTree.shared().moduleNames()) {
      violations.addAll(viaServiceEndpoints(TerraformTree.shared().module(name)));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void aLiteralArnIsReported() {
    String tf = "ami_ssm_parameter_arns = [\"arn:aws:ssm:${var.dr_region}::parameter${module.restore_host.ami_ssm_parameter}\"]\n";

    assertThat(literalArns("examples/complete/main.tf", "\n" + tf)).containsExactly(
        "examples/complete/main.tf:2: a literal arn:aws: (use the partition: arn:${data.aws_partition.current.partition}:...)");
    assertThat(literalArns("x.tf", "# an ARN looks like arn:aws:iam::123456789012:role/x\n"))
        .as("comments are prose").isEmpty();
  }

  @Test
  void aViaServiceEndpointOfOnePartitionIsReported() {
    TerraformModule variant = TerraformTree.shared().module("modules/iam").copy();
    for (JsonNode s : variant.dataSources("aws_iam_policy_document").get("restore_host").path("statement")) {
      for (JsonNode c : s.path("condition")) {
        if (c.path("variable").asText().equals("kms:ViaService")) {
          ((ObjectNode) c).putArray("values").add("s3.${var.dr_region}.amazonaws.com");
        }
      }
    }

    assertThat(viaServiceEndpoints(variant)).singleElement().asString()
        .contains("data.aws_iam_policy_document.restore_host").contains("s3.${var.dr_region}.amazonaws.com");
  }

  static List<String> literalArns(String file, String text) {
    List<String> violations = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String code = lines[i].replaceAll("\\s*(#|//).*$", "");
      Matcher m = LITERAL_ARN.matcher(code);
      if (m.find()) {
        violations.add(file + ":" + (i + 1) + ": a literal arn:aws: (use the partition: arn:${data.aws_partition.current.partition}:...)");
      }
    }
    return violations;
  }

  /** kms:ViaService values must end in the partition's DNS suffix, never a literal amazonaws.com. */
  static List<String> viaServiceEndpoints(TerraformModule module) {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> doc : module.dataSources("aws_iam_policy_document").entrySet()) {
      for (PolicyCheck.Statement s : PolicyCheck.statements(doc.getValue(), false)) {
        for (JsonNode c : PolicyCheck.conditions(s.block())) {
          if (!c.path("variable").asText().equals("kms:ViaService")) {
            continue;
          }
          for (JsonNode v : c.path("values")) {
            if (v.asText().contains("amazonaws.com")) {
              violations.add(module.name() + ": data.aws_iam_policy_document." + doc.getKey() + " statement " + s.label()
                  + ": kms:ViaService '" + v.asText() + "' names one partition's endpoint (use the partition's"
                  + " dns_suffix)");
            }
          }
        }
      }
    }
    return violations;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
