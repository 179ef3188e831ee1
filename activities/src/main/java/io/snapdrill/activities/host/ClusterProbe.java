package io.snapdrill.activities.host;

import java.net.URI;

/** Whether a freshly started restore node answers; pluggable so tests can point it at a local endpoint. */
@FunctionalInterface
public interface ClusterProbe {

  /** True when the cluster at {@code endpoint} answers and is usable; false while it is not (yet). */
  boolean answers(URI endpoint);
}
