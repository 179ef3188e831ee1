package io.snapdrill.worker.registration;

import io.snapdrill.activities.cluster.ClusterConnection;
import io.snapdrill.activities.cluster.ClusterUnreachableException;
import io.snapdrill.activities.cluster.RepositoryEnsurer;
import io.snapdrill.activities.cluster.RepositoryEnsurer.Difference;
import io.snapdrill.activities.cluster.RepositoryEnsurer.Result;
import io.snapdrill.activities.cluster.RepositoryRegistration;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.model.FailureType;
import io.snapdrill.worker.cli.ExitCode;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code repository ensure}: one {@link RepositoryEnsurer} run, printed for a person, and its exit code.
 * A repository registered otherwise is shown setting by setting, with what {@code --force} would do.
 */
public final class RepositoryEnsure {
  private RepositoryEnsure() {}

  public static int run(ClusterConnection connection, ClusterConfig cluster, RepositoryRegistration wanted, boolean force,
      PrintWriter out, PrintWriter err) {
    String what = "repository '" + wanted.name() + "' on cluster '" + cluster.name() + "'";
    out.println("Repository '" + wanted.name() + "' on cluster '" + cluster.name() + "' at " + connection.endpoint()
        + (cluster.amazonManaged() ? " (Amazon-managed, SigV4)" : "") + ":");
    out.println("  configured: " + describe(wanted));
    Result result;
    try {
      result = RepositoryEnsurer.ensure(connection, wanted, force);
    } catch (RepositoryEnsurer.RegistrationRefused refused) {
      err.println("snapdrill: " + refused.getMessage());
      return ExitCode.FAILED;
    } catch (ClusterUnreachableException unreachable) {
      // The activities' sentence promises a retry; this command does not retry: run it again.
      err.println("snapdrill: " + unreachable.getMessage().replace(" (retrying)", ""));
      return ExitCode.ERROR;
    } catch (ApplicationFailure refused) {
      // ClusterConnection's CONFIGURATION_INVALID (401, 403): its own sentence names the cluster and the fix.
      err.println("snapdrill: " + FailureType.withoutHint(refused.getOriginalMessage()));
      return ExitCode.FAILED;
    }
    switch (result.outcome()) {
      case REGISTERED -> out.println("  registered (there was none)");
      case UNCHANGED -> out.println("  already registered as configured; left as it is");
      case REPLACED -> {
        out.println("  was registered with other settings; replaced (--force):");
        printDifferences(result, out);
      }
      case DIFFERS -> {
        out.println("  registered with other settings; nothing changed:");
        printDifferences(result, out);
        err.println("snapdrill: " + what + " is registered with other settings (above). Check who set them: only one"
            + " cluster may write to a repository, and another cluster may use it with these. Run again with --force to"
            + " register it as configured.");
        return ExitCode.FAILED;
      }
    }
    if (!result.verification().passed()) {
      err.println("snapdrill: " + what + " failed the cluster's verification (POST _snapshot/" + wanted.name() + "/_verify): "
          + result.verification().failure() + verificationHint(cluster, wanted));
      return ExitCode.FAILED;
    }
    out.println("  verified by " + result.verification().nodes().size() + " node"
        + (result.verification().nodes().size() == 1 ? "" : "s") + ": " + String.join(", ", result.verification().nodes())
        + (wanted.readonly() ? " (read-only: the nodes can read it)" : " (the nodes can write to it and read it back)"));
    if (!wanted.nodeSettings().isEmpty()) {
      out.println("  the repository-s3 client's node settings (elasticsearch.yml / opensearch.yml; Elasticsearch 7 has no"
          + " region setting: give the regional endpoint):");
      wanted.nodeSettings().forEach((k, v) -> out.println("    " + k + ": " + v));
    }
    return ExitCode.PASSED;
  }

  private static void printDifferences(Result result, PrintWriter out) {
    int width = Math.max("setting".length(), result.differences().stream().mapToInt(d -> d.key().length()).max().orElse(0));
    out.println("    " + pad("setting", width) + "  " + pad("on the cluster", 40) + "  configured");
    for (Difference d : result.differences()) {
      out.println("    " + pad(d.key(), width) + "  " + pad(shown(d.onCluster()), 40) + "  " + shown(d.configured()));
    }
  }

  private static String verificationHint(ClusterConfig cluster, RepositoryRegistration wanted) {
    if ("fs".equals(wanted.type())) {
      return "; every node must see " + wanted.settings().get("location") + " (a shared directory in its path.repo) and be"
          + " able to write there";
    }
    if (cluster.amazonManaged()) {
      return "; the role " + wanted.settings().get("role_arn") + " must trust es.amazonaws.com and may list s3://"
          + wanted.settings().get("bucket") + " and read and write under the base path";
    }
    return "; the nodes' repository-s3 client '" + wanted.settings().getOrDefault("client", "default") + "' needs "
        + wanted.nodeSettings().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "))
        + " and credentials (instance profile or keystore) that may list the bucket and read and write under the base path";
  }

  private static String describe(RepositoryRegistration wanted) {
    return wanted.type() + " " + wanted.settings().entrySet().stream().map(RepositoryEnsure::setting)
        .collect(Collectors.joining(", "));
  }

  private static String setting(Map.Entry<String, String> e) {
    return e.getKey() + "=" + e.getValue();
  }

  private static String shown(String value) {
    return value == null ? "(none)" : value;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
