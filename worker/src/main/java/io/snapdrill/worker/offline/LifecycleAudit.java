package io.snapdrill.worker.offline;

import io.snapdrill.activities.lifecycle.LifecycleAnalyzer;
import io.snapdrill.activities.lifecycle.LifecycleRules;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import io.snapdrill.worker.cli.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code snapdrill audit-lifecycle --file lifecycle.json --prefix PREFIX}: one verdict per rule of the
 * JSON that {@code aws s3api get-bucket-lifecycle-configuration} prints.
 */
public final class LifecycleAudit {

  private LifecycleAudit() {}

  /** Prints the verdicts to {@code out}, bad input to {@code err}; returns the {@link ExitCode}. */
  public static int run(Path file, String prefix, PrintWriter out, PrintWriter err) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      err.println("error: cannot read " + file + ": " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    String keyPrefix = keyPrefix(prefix);
    List<LifecycleFinding> findings;
    try {
      // the file stands for the bucket in the findings
      findings = LifecycleAnalyzer.analyze(file.toString(), keyPrefix, LifecycleRules.fromJson(json));
    } catch (LifecycleRules.InvalidLifecycleJson e) {
      err.println("error: " + file + ": " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    out.println("Lifecycle rules in " + file + " against the repository "
        + (keyPrefix.isEmpty() ? "at the bucket root" : "under '" + keyPrefix + "'") + ":");
    if (findings.isEmpty()) {
      out.println("  (no rules)");
    }
    for (LifecycleFinding finding : findings) {
      out.println(String.format("%-7s rule '%s': %s", finding.verdict(), finding.ruleId(), finding.reason()));
      if (finding.fix() != null) {
        out.println("        fix: " + finding.fix());
      }
    }
    out.flush();
    return findings.stream().anyMatch(f -> f.verdict() == LifecycleVerdict.HAZARD) ? ExitCode.FAILED : ExitCode.PASSED;
  }

  /** "snapshots/prod", "/snapshots/prod/" and "snapshots/prod/" all mean the keys under "snapshots/prod/". */
  static String keyPrefix(String prefix) {
    String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? "" : trimmed + "/";
  }
}
