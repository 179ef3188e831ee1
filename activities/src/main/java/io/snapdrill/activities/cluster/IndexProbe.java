package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.SampleDocument;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads what VERIFY compares: document count, mapping fingerprint and sample documents of an index.
 * The same code reads the source at snapshot time and the restored copy, so the two sides hash alike.
 */
public final class IndexProbe {
  /** Sample documents recorded per index: enough to catch a wrong or damaged copy, cheap to fetch. */
  public static final int SAMPLES = 3;

  private final ClusterConnection cluster;

  public IndexProbe(ClusterConnection cluster) {
    this.cluster = cluster;
  }

  /** Makes recent writes visible to count and search (open indices only). */
  public void refresh(List<String> indices) {
    if (!indices.isEmpty()) {
      cluster.call("POST", "/" + path(String.join(",", indices)) + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    }
  }

  public IndexExpectation expectation(String index) {
    return new IndexExpectation(index, count(index), mappingFingerprint(index), samples(index));
  }

  public long count(String index) {
    return cluster.get("/" + path(index) + "/_count").path("count").asLong();
  }

  /** SHA-256 of the mapping as canonical JSON (keys sorted at every level), so key order does not matter. */
  public String mappingFingerprint(String index) {
    JsonNode response = cluster.get("/" + path(index) + "/_mapping");
    JsonNode mappings = response.path(index).path("mappings");
    if (mappings.isMissingNode()) {
      // the answer is keyed by the concrete index name, which differs when an alias was named
      Iterator<JsonNode> values = response.elements();
      mappings = values.hasNext() ? values.next().path("mappings") : mappings;
    }
    return sha256(canonical(mappings));
  }

  /** The mapping's field paths (object properties joined by dots, multi-fields included). */
  public List<String> mappingFields(String index) {
    JsonNode response = cluster.get("/" + path(index) + "/_mapping");
    List<String> fields = new ArrayList<>();
    response.elements().forEachRemaining(m -> collectFields(m.path("mappings").path("properties"), "", fields));
    return fields;
  }

  private static void collectFields(JsonNode properties, String prefix, List<String> into) {
    properties.fields().forEachRemaining(e -> {
      String field = prefix + e.getKey();
      into.add(field);
      collectFields(e.getValue().path("properties"), field + ".", into);
      collectFields(e.getValue().path("fields"), field + ".", into);
    });
  }

  /** The first documents in index order, each with the SHA-256 of its canonical source. */
  public List<SampleDocument> samples(String index) {
    JsonNode hits = cluster.call("POST", "/" + path(index) + "/_search",
        Map.of("size", SAMPLES, "sort", List.of("_doc"), "track_total_hits", false)).path("hits").path("hits");
    List<SampleDocument> samples = new ArrayList<>();
    hits.forEach(hit -> samples.add(new SampleDocument(hit.path("_id").asText(), sha256(canonical(hit.path("_source"))))));
    return samples;
  }

  /** The hash of a document's source, or empty when the index holds no document with that id. */
  public Optional<String> sourceHash(String index, String id) {
    HttpResult result = cluster.send("GET", "/" + path(index) + "/_doc/" + path(id), null);
    if (result.status() == 404) {
      return Optional.empty();
    }
    if (!result.ok()) {
      throw new ClusterRequestException(cluster.name() + " answered GET " + index + "/_doc/" + id + " with HTTP " + result.status()
          + ClusterConnection.errorReason(result.body()), result.status(), result.body());
    }
    JsonNode doc = cluster.parse(result.body());
    return doc.path("found").asBoolean(false) ? Optional.of(sha256(canonical(doc.path("_source")))) : Optional.empty();
  }

  static String canonical(JsonNode node) {
    try {
      return ClusterConnection.JSON.writeValueAsString(sorted(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = ClusterConnection.JSON.createObjectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      var out = ClusterConnection.JSON.createArrayNode();
      node.forEach(n -> out.add(sorted(n)));
      return out;
    }
    return node;
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** URL-encodes a path segment but keeps the ',' and '*' of index lists and patterns. */
  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("%2C", ",").replace("%2A", "*").replace("+", "%20");
  }
}
