package io.snapdrill.activities.cluster;

import java.io.IOException;

/**
 * Sends one JSON request. The snapshot, restore, recovery and health APIs Snapdrill needs are the same
 * REST calls on Elasticsearch 7/8 and OpenSearch 1/2/3, while the typed clients model them differently
 * (and elasticsearch-java 8 sends compatibility headers a 7.x node must accept), so Snapdrill speaks
 * plain REST through each library's transport and parses the JSON itself.
 */
interface ClusterTransport extends AutoCloseable {

  /** @throws IOException when the cluster could not be reached or did not answer */
  HttpResult send(String method, String pathAndQuery, String jsonBody) throws IOException;

  @Override
  void close();
}
