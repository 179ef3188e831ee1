package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opensearch.client.opensearch._types.OpenSearchException;

/**
 * Registers the source cluster's snapshot repository, or checks the one registered: absent, it is
 * registered; registered as configured, it is left alone; registered otherwise, it is replaced only
 * when forced (another cluster may write through it, or someone chose those settings on purpose), and
 * the differences are the answer. Then the cluster's own verification ({@code POST _snapshot/NAME/_verify})
 * proves its nodes can reach it. The same REST calls on Elasticsearch 7/8 and OpenSearch 1-3, signed
 * with SigV4 for Amazon-managed domains ({@link ClusterConnection}).
 */
public final class RepositoryEnsurer {

  /** What ensuring did. */
  public enum Outcome {
    /** There was none: registered, then verified. */
    REGISTERED,
    /** Registered as configured: left alone, verified. */
    UNCHANGED,
    /** Registered with other settings and forced: replaced, then verified. */
    REPLACED,
    /** Registered with other settings, not forced: nothing changed, nothing verified. */
    DIFFERS
  }

  /**
   * One setting that is not as configured.
   *
   * @param onCluster the registered value, null when the cluster has none
   * @param configured the configured value, null when the configuration has none
   */
  public record Difference(String key, String onCluster, String configured) {}

  /**
   * The cluster's verification.
   *
   * @param nodes the nodes that verified it (names), when it passed
   * @param failure the node's reason, when it failed
   */
  public record Verification(List<String> nodes, String failure) {
    public boolean passed() {
      return failure == null;
    }
  }

  /** @param verification null when nothing was verified ({@link Outcome#DIFFERS}) */
  public record Result(String repository, Outcome outcome, List<Difference> differences, Verification verification) {
    public boolean ok() {
      return outcome != Outcome.DIFFERS && verification != null && verification.passed();
    }
  }

  /** The cluster refused to register the repository: HTTP status and its reason. */
  public static final class RegistrationRefused extends RuntimeException {
    public RegistrationRefused(String message) {
      super(message);
    }
  }

  private RepositoryEnsurer() {}

  public static Result ensure(ClusterConnection connection, RepositoryRegistration wanted, boolean force) {
    try {
      return ensureOrThrow(connection, wanted, force);
    } catch (OpenSearchException refused) {
      // The SigV4 transport (opensearch-java) throws for some statuses (a 403 of the domain) instead of
      // answering them.
      throw new RegistrationRefused(connection.name() + " refused repository '" + wanted.name() + "': HTTP "
          + refused.status() + ": " + refused.getMessage() + passRoleHint(wanted));
    }
  }

  private static Result ensureOrThrow(ClusterConnection connection, RepositoryRegistration wanted, boolean force) {
    String path = "/_snapshot/" + IndexProbe.path(wanted.name());
    HttpResult existing = connection.send("GET", path, null);
    Outcome outcome;
    List<Difference> differences = List.of();
    if (existing.status() == 404) {
      outcome = Outcome.REGISTERED;
    } else if (existing.ok()) {
      JsonNode registered = connection.parse(existing.body()).path(wanted.name());
      differences = differences(registered, wanted);
      if (differences.isEmpty()) {
        return new Result(wanted.name(), Outcome.UNCHANGED, differences, verify(connection, wanted));
      }
      if (!force) {
        return new Result(wanted.name(), Outcome.DIFFERS, differences, null);
      }
      outcome = Outcome.REPLACED;
    } else {
      throw new RegistrationRefused(connection.name() + " answered GET " + path + " with HTTP " + existing.status()
          + reason(existing.body()));
    }
    register(connection, wanted, path);
    return new Result(wanted.name(), outcome, differences, verify(connection, wanted));
  }

  /**
   * Registers without the cluster's implicit verification ({@code verify=false}): a repository that
   * fails it is registered anyway, so the explicit verification below is the one place that judges,
   * with the node's reason.
   */
  private static void register(ClusterConnection connection, RepositoryRegistration wanted, String path) {
    HttpResult put;
    try {
      put = connection.send("PUT", path + "?verify=false", wanted.body());
    } catch (ApplicationFailure refused) {
      // 401/403: ClusterConnection's sentence, and for a domain what registering needs beyond it.
      String message = io.snapdrill.model.FailureType.withoutHint(refused.getOriginalMessage());
      throw new RegistrationRefused(message + passRoleHint(wanted));
    }
    if (!put.ok()) {
      throw new RegistrationRefused(connection.name() + " refused to register repository '" + wanted.name() + "' ("
          + wanted.type() + " " + wanted.settings() + "): HTTP " + put.status() + reason(put.body()));
    }
  }

  /** What a domain needs of the principal that signs a registration with role_arn. */
  private static String passRoleHint(RepositoryRegistration wanted) {
    return wanted.settings().containsKey("role_arn")
        ? "; registering with role_arn needs, for the principal that signs: iam:PassRole on "
            + wanted.settings().get("role_arn") + " (condition iam:PassedToService es.amazonaws.com) and es:ESHttpPut on"
            + " the domain's _snapshot/*, and with fine-grained access control that principal mapped to the"
            + " manage_snapshots role"
        : "";
  }

  /**
   * ": type: reason" of an error body with its causes: a repository the node cannot create says why
   * only in {@code caused_by} ("location [...] doesn't match any of the locations specified by path.repo").
   */
  static String reason(String body) {
    StringBuilder reason = new StringBuilder(ClusterConnection.errorReason(body));
    try {
      JsonNode cause = ClusterConnection.JSON.readTree(body).path("error").path("caused_by");
      for (int depth = 0; cause.isObject() && depth < 5; depth++, cause = cause.path("caused_by")) {
        reason.append("; caused by ").append(cause.path("type").asText("")).append(": ").append(cause.path("reason").asText(""));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      // errorReason already shows the raw text
    }
    return reason.toString();
  }

  private static Verification verify(ClusterConnection connection, RepositoryRegistration wanted) {
    HttpResult result = connection.send("POST", "/_snapshot/" + IndexProbe.path(wanted.name()) + "/_verify", null);
    if (!result.ok()) {
      return new Verification(List.of(), "HTTP " + result.status() + reason(result.body()));
    }
    List<String> nodes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = connection.parse(result.body()).path("nodes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> node = it.next();
      nodes.add(node.getValue().path("name").asText(node.getKey()));
    }
    return new Verification(List.copyOf(nodes), null);
  }

  /**
   * Setting by setting, as the cluster answers them (strings; a nested object's keys joined with dots).
   * {@code readonly: false} is what no setting means, so the two are the same.
   */
  static List<Difference> differences(JsonNode registered, RepositoryRegistration wanted) {
    List<Difference> differences = new ArrayList<>();
    String type = registered.path("type").asText("");
    if (!type.equals(wanted.type())) {
      differences.add(new Difference("type", type.isEmpty() ? null : type, wanted.type()));
    }
    Map<String, String> onCluster = new LinkedHashMap<>();
    flatten("", registered.path("settings"), onCluster);
    Set<String> keys = new LinkedHashSet<>(wanted.settings().keySet());
    keys.addAll(onCluster.keySet());
    for (String key : keys) {
      String have = normal(key, onCluster.get(key));
      String want = normal(key, wanted.settings().get(key));
      if (!Objects.equals(have, want)) {
        differences.add(new Difference(key, onCluster.get(key), wanted.settings().get(key)));
      }
    }
    return differences;
  }

  private static String normal(String key, String value) {
    if (value == null) {
      return null;
    }
    return key.equals("readonly") && value.equalsIgnoreCase("false") ? null : value;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      if (e.getValue().isObject()) {
        flatten(key + ".", e.getValue(), into);
      } else {
        into.put(key, e.getValue().asText());
      }
    }
  }
}
