package io.snapdrill.activities.offline;

import io.snapdrill.activities.lifecycle.LifecycleAnalyzer;
import io.snapdrill.activities.lifecycle.LifecycleRules;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code snapdrill audit-lifecycle --file lifecycle.json --prefix PREFIX}: one verdict per rule of the
 * JSON that {@code aws s3api get-bucket-lifecycle-configuration} prints.
 */
public final class LifecycleAuditCommand {

  private LifecycleAuditCommand() {}

  public static CommandResult run(Path file, String prefix) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      return new CommandResult(List.of("error: cannot read " + file + ": " + e.getMessage()), CommandResult.BAD_INPUT);
    }
    return audit(json, prefix, file.toString());
  }

  /** @param source names the input in messages (a file name) and stands for the bucket in findings */
  public static CommandResult audit(String json, String prefix, String source) {
    String keyPrefix = keyPrefix(prefix);
    List<LifecycleFinding> findings;
    try {
      findings = LifecycleAnalyzer.analyze(source, keyPrefix, LifecycleRules.fromJson(json));
    } catch (LifecycleRules.InvalidLifecycleJson e) {
      return new CommandResult(List.of("error: " + source + ": " + e.getMessage()), CommandResult.BAD_INPUT);
    }
    List<String> lines = new ArrayList<>();
    lines.add("Lifecycle rules in " + source + " against the repository "
        + (keyPrefix.isEmpty() ? "at the bucket root" : "under '" + keyPrefix + "'") + ":");
    if (findings.isEmpty()) {
      lines.add("  (no rules)");
    }
    for (LifecycleFinding finding : findings) {
      lines.add(String.format("%-7s rule '%s': %s", finding.verdict(), finding.ruleId(), finding.reason()));
      if (finding.fix() != null) {
        lines.add("        fix: " + finding.fix());
      }
    }
    boolean hazard = findings.stream().anyMatch(f -> f.verdict() == LifecycleVerdict.HAZARD);
    return new CommandResult(lines, hazard ? CommandResult.FOUND_PROBLEMS : CommandResult.OK);
  }

  /** "snapshots/prod", "/snapshots/prod/" and "snapshots/prod/" all mean the keys under "snapshots/prod/". */
  static String keyPrefix(String prefix) {
    String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? "" : trimmed + "/";
  }
}
